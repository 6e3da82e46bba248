using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.EndToEnd.Tests.Arm64;

/// <summary>
/// Running linux-arm64 programs here: directly on an arm64 machine, else under qemu through
/// build/emulate-arm64.sh (a private mount namespace with an arm64 /proc/cpuinfo, which needs root or
/// CAP_SYS_ADMIN). <see cref="Unavailable"/> says why it cannot run, found by running the arm64 C
/// library itself (libc.so.6 prints its version), so a test is skipped for that reason and no other.
/// </summary>
public static class Arm64Emulation
{
    private static readonly Lazy<string?> s_unavailable = new(Probe);

    /// <summary>build/emulate-arm64.sh: runs its arguments as an arm64 program.</summary>
    public static string Runner => Path.Combine(RepoPaths.Root, "build", "emulate-arm64.sh");

    /// <summary>Why arm64 programs cannot run on this machine, or null when they can.</summary>
    public static string? Unavailable => s_unavailable.Value;

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "arm64 Linux programs run only on Linux (qemu user-mode emulation)";
        }

        const string ArmLibc = "/lib/aarch64-linux-gnu/libc.so.6";
        if (!File.Exists(ArmLibc))
        {
            return $"no arm64 C library at {ArmLibc}: Debian's multiarch arm64 packages are not installed (./build.sh setup installs libzmq5:arm64, which brings libc6:arm64)";
        }

        try
        {
            ExternalProgramResult probe = ExternalProgram.Run(Runner, [ArmLibc], TimeSpan.FromSeconds(30));
            return probe.ExitCode == 0 && probe.StandardOutput.Contains("GNU C Library", StringComparison.Ordinal)
                ? null
                : $"qemu cannot run arm64 programs here: {Runner} {ArmLibc} exited with {probe.ExitCode}: {probe.StandardError.Trim()}";
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            return $"qemu cannot run arm64 programs here: {e.Message}";
        }
    }
}

/// <summary>A fact that needs arm64 programs to run; skipped, with the reason printed, where they cannot.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class Arm64FactAttribute : FactAttribute
{
    public Arm64FactAttribute()
    {
        if (Arm64Emulation.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs arm64 programs to run; skipped, with the reason printed, where they cannot.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class Arm64TheoryAttribute : TheoryAttribute
{
    public Arm64TheoryAttribute()
    {
        if (Arm64Emulation.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
