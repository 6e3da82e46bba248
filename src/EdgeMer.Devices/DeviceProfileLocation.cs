using System.Runtime.InteropServices;

namespace EdgeMer.Devices;

/// <summary>Which profile file to use, and how it was chosen.</summary>
/// <param name="Path">The profile file.</param>
/// <param name="Source">How it was chosen, for people ("detected from the board model '…'").</param>
public sealed record DeviceProfileLocation(string Path, string Source)
{
    /// <summary>
    /// The profile named by <paramref name="argument"/> (an id in <paramref name="devicesFolder"/> or a path),
    /// or, when it is empty, the one that fits the board. Throws <see cref="DeviceProfileException"/>
    /// naming <paramref name="setting"/> when no profile fits.
    /// </summary>
    public static DeviceProfileLocation Resolve(string devicesFolder, string? argument, string setting)
    {
        if (string.IsNullOrEmpty(argument))
        {
            string? model = DeviceModel.ReadDeviceTreeModel();
            string architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            string id = DeviceModel.ProfileIdFor(model, architecture)
                ?? throw new DeviceProfileException(devicesFolder, setting,
                    $"is not set and no profile fits this board ('{model ?? architecture}'); name one of the files in {devicesFolder} or a path");
            string source = model is null ? $"detected from the {architecture} CPU" : $"detected from the board model '{model}'";
            return new DeviceProfileLocation(System.IO.Path.Combine(devicesFolder, id + ".json"), source);
        }

        bool isPath = argument.EndsWith(".json", StringComparison.Ordinal) || argument.Contains('/', StringComparison.Ordinal);
        return new DeviceProfileLocation(isPath ? argument : System.IO.Path.Combine(devicesFolder, argument + ".json"), setting);
    }
}
