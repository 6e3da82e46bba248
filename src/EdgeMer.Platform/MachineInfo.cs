using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeMer.Platform;

/// <summary>What the machine offers the inference stack: CPU features, cores and memory.</summary>
public sealed record MachineInfo(
    string Os,
    string Architecture,
    string CpuModel,
    int LogicalCores,
    double? CgroupCpuLimit,
    long? MemoryTotalBytes,
    long? MemoryAvailableBytes,
    IReadOnlyList<string> CpuFeatures)
{
    /// <summary>Reads the running machine (Linux /proc where available, .NET intrinsics otherwise).</summary>
    public static MachineInfo Read()
    {
        string cpuinfo = ReadOrEmpty("/proc/cpuinfo");
        string meminfo = ReadOrEmpty("/proc/meminfo");
        return new MachineInfo(
            RuntimeInformation.OSDescription,
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            ParseCpuModel(cpuinfo),
            Environment.ProcessorCount,
            ParseCgroupCpuLimit(ReadOrEmpty("/sys/fs/cgroup/cpu.max")),
            ParseMemInfoBytes(meminfo, "MemTotal"),
            ParseMemInfoBytes(meminfo, "MemAvailable"),
            ParseCpuFeatures(cpuinfo))
        {
            Glibc = CLibrary.RunningGlibc()?.ToString(),
        };
    }

    /// <summary>The running glibc's version ("2.36"); null on another C library.</summary>
    public string? Glibc { get; init; }

    /// <summary>
    /// The features that decide which kernels ONNX Runtime can use: AVX2/AVX-512/VNNI on x64 (VNNI
    /// speeds up INT8 models), NEON and the dot-product extension on arm64. A feature is listed when
    /// the kernel reports it in /proc/cpuinfo or the .NET runtime detects it.
    /// </summary>
    internal static IReadOnlyList<string> ParseCpuFeatures(string cpuinfo)
    {
        HashSet<string> flags = new(StringComparer.Ordinal);
        foreach (string line in cpuinfo.Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            string key = line[..colon].Trim();
            if (key is "flags" or "Features")
            {
                foreach (string flag in line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    flags.Add(flag);
                }
            }
        }

        List<string> features = [];
        void Add(string name, bool present)
        {
            if (present)
            {
                features.Add(name);
            }
        }

        Add("sse4.2", flags.Contains("sse4_2") || Sse42.IsSupported);
        Add("avx", flags.Contains("avx") || Avx.IsSupported);
        Add("avx2", flags.Contains("avx2") || Avx2.IsSupported);
        Add("fma", flags.Contains("fma") || Fma.IsSupported);
        Add("avx-vnni", flags.Contains("avx_vnni") || AvxVnni.IsSupported);
        Add("avx512f", flags.Contains("avx512f") || Avx512F.IsSupported);
        Add("avx512bw", flags.Contains("avx512bw") || Avx512BW.IsSupported);
        Add("avx512-vnni", flags.Contains("avx512_vnni"));
        Add("neon", flags.Contains("asimd") || AdvSimd.IsSupported);
        Add("dotprod", flags.Contains("asimddp") || Dp.IsSupported);
        Add("fp16", flags.Contains("asimdhp") || flags.Contains("fphp"));
        Add("i8mm", flags.Contains("i8mm"));
        Add("sve", flags.Contains("sve"));
        return features;
    }

    internal static string ParseCpuModel(string cpuinfo)
    {
        foreach (string line in cpuinfo.Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() is "model name" or "Model" or "Hardware")
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    internal static long? ParseMemInfoBytes(string meminfo, string key)
    {
        foreach (string line in meminfo.Split('\n'))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                string[] parts = line[(key.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 1 && long.TryParse(parts[0], out long kib))
                {
                    return kib * 1024;
                }
            }
        }

        return null;
    }

    /// <summary>The cgroup v2 CPU quota as a number of cores ("200000 100000" is 2.0), or null when unlimited.</summary>
    internal static double? ParseCgroupCpuLimit(string cpuMax)
    {
        string[] parts = cpuMax.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && long.TryParse(parts[0], out long quota) && long.TryParse(parts[1], out long period) && period > 0)
        {
            return Math.Round((double)quota / period, 2);
        }

        return null;
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
