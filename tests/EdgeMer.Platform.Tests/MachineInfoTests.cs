
namespace EdgeMer.Platform.Tests;

public sealed class MachineInfoTests
{
    private const string X64CpuInfo = """
        processor	: 0
        model name	: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
        flags		: fpu sse4_2 avx avx2 fma avx512f avx512bw avx512_vnni
        """;

    private const string Arm64CpuInfo = """
        processor	: 0
        BogoMIPS	: 108.00
        Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp
        CPU part	: 0xd0b
        Model		: Raspberry Pi 5 Model B Rev 1.0
        """;

    [Fact]
    public void X64_cpuinfo_reports_avx512_and_vnni()
    {
        IReadOnlyList<string> features = MachineInfo.ParseCpuFeatures(X64CpuInfo);

        Assert.Contains("avx2", features);
        Assert.Contains("avx512f", features);
        Assert.Contains("avx512-vnni", features);
        Assert.Equal("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", MachineInfo.ParseCpuModel(X64CpuInfo));
    }

    [Fact]
    public void Arm64_cpuinfo_reports_neon_and_dot_product()
    {
        IReadOnlyList<string> features = MachineInfo.ParseCpuFeatures(Arm64CpuInfo);

        Assert.Contains("neon", features);
        Assert.Contains("dotprod", features);
        Assert.Contains("fp16", features);
        Assert.Equal("Raspberry Pi 5 Model B Rev 1.0", MachineInfo.ParseCpuModel(Arm64CpuInfo));
    }

    [Theory]
    [InlineData("200000 100000\n", 2.0)]
    [InlineData("150000 100000", 1.5)]
    [InlineData("max 100000", null)]
    [InlineData("", null)]
    public void Cgroup_cpu_quota_is_read_as_cores(string cpuMax, double? expected)
    {
        Assert.Equal(expected, MachineInfo.ParseCgroupCpuLimit(cpuMax));
    }

    [Fact]
    public void Meminfo_values_are_converted_from_kib_to_bytes()
    {
        const string meminfo = "MemTotal:       24590712 kB\nMemFree:        1000 kB\nMemAvailable:   23000000 kB\n";

        Assert.Equal(24590712L * 1024, MachineInfo.ParseMemInfoBytes(meminfo, "MemTotal"));
        Assert.Equal(23000000L * 1024, MachineInfo.ParseMemInfoBytes(meminfo, "MemAvailable"));
        Assert.Null(MachineInfo.ParseMemInfoBytes(meminfo, "SwapTotal"));
    }

    [Fact]
    public void This_machine_reports_its_cores_and_memory()
    {
        MachineInfo machine = MachineInfo.Read();

        Assert.Equal(Environment.ProcessorCount, machine.LogicalCores);
        Assert.True(machine.MemoryTotalBytes > 0);
        Assert.NotEmpty(machine.CpuFeatures);
    }
}
