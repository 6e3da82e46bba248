using System.Text.RegularExpressions;
using EdgeMer.Platform;

namespace EdgeMer.Testing;

/// <summary>What a published ELF file asks of the C library, read with readelf (binutils).</summary>
public static partial class GlibcNeeds
{
    /// <summary>The newest GLIBC_x.y symbol version <paramref name="elf"/> needs (readelf -V), or null when it needs none.</summary>
    public static Version? Newest(string elf)
    {
        string versions = ExternalProgram.Run("readelf", ["-W", "-V", elf], TimeSpan.FromSeconds(30)).EnsureSuccess($"readelf -V {elf}").StandardOutput;
        return GlibcVersion().Matches(versions).Select(m => Version.Parse(m.Groups[1].Value)).DefaultIfEmpty().Max();
    }

    /// <summary>The machine an ELF file is built for, as readelf -h names it ("AArch64", "Advanced Micro Devices X86-64").</summary>
    public static string Machine(string elf)
    {
        string header = ExternalProgram.Run("readelf", ["-h", elf], TimeSpan.FromSeconds(30)).EnsureSuccess($"readelf -h {elf}").StandardOutput;
        return MachineLine().Match(header) is { Success: true } m ? m.Groups[1].Value.Trim() : throw new InvalidOperationException($"readelf -h {elf} names no machine:\n{header}");
    }

    [GeneratedRegex(@"GLIBC_([0-9]+\.[0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex GlibcVersion();

    [GeneratedRegex(@"Machine:\s*(.+)")]
    private static partial Regex MachineLine();
}
