namespace EdgeMer.Devices;

/// <summary>A device profile could not be read or is invalid; the message names the file and the field.</summary>
public sealed class DeviceProfileException : Exception
{
    public DeviceProfileException(string path, string field, string problem, Exception? inner = null)
        : base($"device profile {path}: {field}: {problem}", inner)
    {
        ProfilePath = path;
        Field = field;
    }

    public string ProfilePath { get; }

    public string Field { get; }
}
