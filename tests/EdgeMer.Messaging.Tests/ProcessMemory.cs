using System.Globalization;

namespace EdgeMer.Messaging.Tests;

/// <summary>This process's memory as the kernel counts it (/proc/self/status).</summary>
internal static class ProcessMemory
{
    /// <summary>Resident set size now, in bytes (VmRSS).</summary>
    public static long Resident => Read("VmRSS:");

    /// <summary>The highest resident set size since the last <see cref="ResetPeak"/>, in bytes (VmHWM).</summary>
    public static long Peak => Read("VmHWM:");

    /// <summary>Starts <see cref="Peak"/> again from the current size (writing 5 to /proc/self/clear_refs, Linux 4.0 or later).</summary>
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    private static long Read(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmRSS:     123456 kB"
                string kilobytes = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/self/status has no {field} line");
    }
}
