using EdgeMer.Capture;

namespace EdgeMer.Capture.Tests;

public sealed class FramePoolTests
{
    [Fact]
    public void A_frame_goes_back_to_its_pool_only_when_its_last_holder_releases_it()
    {
        var pool = new FramePool(4, 2, PixelFormat.Rgb24, capacity: 1);
        Assert.True(pool.TryRent(TimeSpan.FromMilliseconds(33), 7, out Frame frame, out Span<byte> pixels));
        pixels.Fill(9);
        frame.Retain();

        frame.Release();
        Assert.Equal(0, pool.Available);
        Assert.Equal(1, frame.Holders);

        frame.Release();
        Assert.Equal(1, pool.Available);
        Assert.Equal(TimeSpan.FromMilliseconds(33), frame.CaptureTime);
        Assert.Equal(7, frame.Sequence);
        Assert.Equal(24, frame.Pixels.Length);
        Assert.Equal(12, frame.Stride);
    }

    [Fact]
    public void When_every_frame_is_held_renting_fails_and_is_counted()
    {
        var pool = new FramePool(2, 2, PixelFormat.Gray8, capacity: 2);
        Assert.True(pool.TryRent(TimeSpan.Zero, 0, out Frame first, out _));
        Assert.True(pool.TryRent(TimeSpan.Zero, 1, out _, out _));

        Assert.False(pool.TryRent(TimeSpan.Zero, 2, out _, out _));
        Assert.Equal(1, pool.Exhausted);

        first.Release();
        Assert.True(pool.TryRent(TimeSpan.Zero, 3, out Frame again, out _));
        Assert.Same(first, again);
        Assert.Equal(3, again.Sequence);
    }

    [Fact]
    public void Releasing_a_frame_more_often_than_it_was_held_is_an_error_and_does_not_return_it_twice()
    {
        var pool = new FramePool(2, 2, PixelFormat.Gray8, capacity: 1);
        Assert.True(pool.TryRent(TimeSpan.Zero, 0, out Frame frame, out _));
        frame.Release();

        Assert.Throws<InvalidOperationException>(frame.Release);
        Assert.Throws<InvalidOperationException>(() => frame.Retain());
        Assert.Equal(1, pool.Available);
    }

    [Fact]
    public void Renting_and_releasing_allocates_nothing_in_steady_state()
    {
        var pool = new FramePool(64, 48, PixelFormat.Rgb24, capacity: 3);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(pool.TryRent(TimeSpan.Zero, i, out Frame warm, out _));
            warm.Retain();
            warm.Release();
            warm.Release();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(pool.TryRent(TimeSpan.FromTicks(i), i, out Frame frame, out Span<byte> pixels));
            pixels[0] = (byte)i;
            frame.Retain();
            frame.Release();
            frame.Release();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
