using System.Diagnostics;
using EdgeMer.Fleet.Bundles;

namespace EdgeMer.Fleet.Tests;

public sealed class FullDiskTests : IDisposable
{
    private readonly BundleFixture _fixture = new();
    private readonly string _mount;

    public FullDiskTests()
    {
        _mount = _fixture.PathOf("small-disk");
        Directory.CreateDirectory(_mount);
    }

    public void Dispose()
    {
        Run("umount", _mount);
        _fixture.Dispose();
    }

    [RootFact]
    public void Staging_onto_a_full_disk_is_refused_as_a_storage_failure_and_leaves_nothing_behind()
    {
        // 32 KiB: the bundle's 70 KB model cannot fit.
        Assert.Equal(0, Run("mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", _mount));
        string archive = _fixture.Bundle(3, _fixture.First, _fixture.Second);
        string staged = Path.Combine(_mount, "staged");

        BundleRefusedException refused = Assert.Throws<BundleRefusedException>(() => BundleReader.Verify(archive, _fixture.Trust, 0, BundleFixture.Now, staged));

        Assert.Equal(BundleRefusal.Storage, refused.Refusal);
        Assert.Contains("No space left on device", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(staged));
    }

    private static int Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
