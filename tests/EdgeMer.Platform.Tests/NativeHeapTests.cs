using System.Runtime.InteropServices;

namespace EdgeMer.Platform.Tests;

/// <summary>The C library's heap (glibc here), with real allocations.</summary>
public sealed class NativeHeapTests
{
    private const int Blocks = 200_000;
    private const int BlockBytes = 256;
    private const double MiB = 1_048_576.0;

    [Fact]
    public void Memory_freed_below_a_block_still_in_use_stays_resident_until_a_trim_gives_it_back()
    {
        // About 50 MiB in small blocks, each touched, then all freed but the last: glibc keeps the freed
        // memory below the last block for reuse, resident, until a trim returns its pages to the kernel.
        (double burst, double keptAfterFree, double returnedByTrim, bool released) = RunOnOwnThread(() =>
        {
            var blocks = new nint[Blocks];
            double before = Rss();
            for (int i = 0; i < Blocks; i++)
            {
                blocks[i] = Marshal.AllocHGlobal(BlockBytes);
                Marshal.WriteByte(blocks[i], (byte)i);
            }

            double allocated = Rss();
            for (int i = 0; i < Blocks - 1; i++)
            {
                Marshal.FreeHGlobal(blocks[i]);
            }

            double freed = Rss();
            bool released = NativeHeap.Trim();
            double trimmed = Rss();
            Marshal.FreeHGlobal(blocks[^1]);
            return (allocated - before, freed - before, freed - trimmed, released);
        });

        double expected = Blocks * BlockBytes / MiB;
        Assert.True(burst >= 0.8 * expected, $"the blocks took {burst:0.0} MiB, expected about {expected:0.0}");
        Assert.True(keptAfterFree >= 0.8 * expected, $"only {keptAfterFree:0.0} MiB stayed resident after the free");
        Assert.True(released);
        Assert.True(returnedByTrim >= 0.8 * expected, $"the trim gave back {returnedByTrim:0.0} MiB of {keptAfterFree:0.0}");
    }

    // A thread of its own, so the blocks come from one arena that nothing else in the test run uses meanwhile.
    private static T RunOnOwnThread<T>(Func<T> work)
    {
        T result = default!;
        var thread = new Thread(() => result = work());
        thread.Start();
        thread.Join();
        return result;
    }

    private static double Rss() => Environment.WorkingSet / MiB;
}
