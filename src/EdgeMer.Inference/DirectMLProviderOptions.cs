namespace EdgeMer.Inference;

/// <summary>Settings of the DirectML execution provider (Windows).</summary>
public sealed class DirectMLProviderOptions
{
    /// <summary>The DirectX adapter to run on (0 is the default adapter).</summary>
    public int DeviceId { get; set; }

    internal void Validate(string prefix, List<string> problems)
    {
        if (DeviceId < 0)
        {
            problems.Add($"{prefix}:DeviceId is {DeviceId}; allowed: 0 or a higher adapter index");
        }
    }
}
