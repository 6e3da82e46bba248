namespace EdgeMer.Devices;

/// <summary>Works out which committed device profile fits the machine EdgeMer runs on.</summary>
public static class DeviceModel
{
    /// <summary>
    /// The profile id for a board, from its device-tree model string (what Jetson and Raspberry Pi
    /// kernels put in /proc/device-tree/model) or, without one, from the CPU architecture.
    /// Returns null for an arm64 board EdgeMer has no profile for.
    /// </summary>
    public static string? ProfileIdFor(string? deviceTreeModel, string architecture)
    {
        string model = (deviceTreeModel ?? string.Empty).TrimEnd('\0', '\n', ' ');
        if (model.Contains("Jetson Orin Nano", StringComparison.OrdinalIgnoreCase))
        {
            return "jetson-orin-nano";
        }

        if (model.Contains("Jetson Nano", StringComparison.OrdinalIgnoreCase))
        {
            return "jetson-nano";
        }

        if (model.StartsWith("Raspberry Pi 5", StringComparison.OrdinalIgnoreCase))
        {
            return "raspberry-pi-5";
        }

        if (model.StartsWith("Raspberry Pi 4", StringComparison.OrdinalIgnoreCase))
        {
            return "raspberry-pi-4";
        }

        return model.Length == 0 && architecture == "x64" ? "x64-dev" : null;
    }

    /// <summary>The running board's device-tree model string, or null where there is none (x64 PCs).</summary>
    public static string? ReadDeviceTreeModel()
    {
        const string path = "/proc/device-tree/model";
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).TrimEnd('\0') : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
