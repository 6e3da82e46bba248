using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeMer.Gpio;

/// <summary>The GPIO chips of this machine as <c>edgemer doctor</c> reports them, and the driver the runtime opens them with.</summary>
public static class GpioChips
{
    /// <summary>The C library System.Device.Gpio's libgpiod driver loads (Debian's <c>libgpiod2</c>, libgpiod 1.6).</summary>
    public const string LibgpiodLibrary = "libgpiod.so.2";

    /// <summary>
    /// Opens chip <paramref name="chip"/> with the libgpiod driver (the kernel's character device through
    /// Debian's libgpiod2). Throws <see cref="GpioUnavailableException"/> naming the chip and the reason.
    /// </summary>
    public static GpioDriver OpenDriver(int chip)
    {
        string path = DevicePath("/dev", chip);
        if (!File.Exists(path))
        {
            throw new GpioUnavailableException($"GPIO chip {chip} ({path}) does not exist on this machine");
        }

        if (!IsLibgpiodLoadable(out string? why))
        {
            throw new GpioUnavailableException($"GPIO chip {chip}: {why}");
        }

        try
        {
            return new LibGpiodDriver(chip);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or PlatformNotSupportedException or DllNotFoundException or ExternalException)
        {
            throw new GpioUnavailableException($"GPIO chip {chip} ({path}) cannot be opened: {e.Message}", e);
        }
    }

    /// <summary>Whether Debian's libgpiod2 can be loaded; <paramref name="why"/> says why not.</summary>
    public static bool IsLibgpiodLoadable(out string? why)
    {
        if (NativeLibrary.TryLoad(LibgpiodLibrary, out IntPtr handle))
        {
            NativeLibrary.Free(handle);
            why = null;
            return true;
        }

        why = $"{LibgpiodLibrary} cannot be loaded (install Debian's libgpiod2)";
        return false;
    }

    /// <summary>
    /// Every <c>gpiochipN</c> in <paramref name="devDirectory"/>: whether it opens for reading and writing
    /// and, where libgpiod loads, its label and line count. Empty on a machine without GPIO.
    /// </summary>
    public static IReadOnlyList<GpioChipReport> Probe(string devDirectory = "/dev")
    {
        var chips = new List<GpioChipReport>();
        if (!Directory.Exists(devDirectory))
        {
            return chips;
        }

        Dictionary<int, GpioChipInfo> described = Describe(devDirectory, out string? describeProblem);
        foreach (string path in Directory.EnumerateFileSystemEntries(devDirectory, "gpiochip*"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(path).AsSpan("gpiochip".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                continue;
            }

            string? problem = null;
            bool canOpen;
            try
            {
                using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
                canOpen = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                canOpen = false;
                problem = e.Message;
            }

            described.TryGetValue(number, out GpioChipInfo? info);
            chips.Add(new GpioChipReport(path, number, canOpen, info?.Label, info?.NumLines, problem ?? (info is null ? describeProblem : null)));
        }

        chips.Sort(static (a, b) => a.Number.CompareTo(b.Number));
        return chips;
    }

    private static string DevicePath(string devDirectory, int chip) => System.IO.Path.Combine(devDirectory, "gpiochip" + chip.ToString(CultureInfo.InvariantCulture));

    private static Dictionary<int, GpioChipInfo> Describe(string devDirectory, out string? problem)
    {
        var described = new Dictionary<int, GpioChipInfo>();
        problem = null;
        if (devDirectory != "/dev" || !Directory.EnumerateFileSystemEntries(devDirectory, "gpiochip*").Any())
        {
            return described;
        }

        if (!IsLibgpiodLoadable(out problem))
        {
            return described;
        }

        try
        {
            foreach (GpioChipInfo chip in LibGpiodDriver.GetAvailableChips())
            {
                described[chip.Id] = chip;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or PlatformNotSupportedException or ExternalException)
        {
            problem = $"libgpiod could not list the chips: {e.Message}";
        }

        return described;
    }
}
