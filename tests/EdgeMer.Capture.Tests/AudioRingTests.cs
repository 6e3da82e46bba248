using EdgeMer.Capture;

namespace EdgeMer.Capture.Tests;

public sealed class AudioRingTests
{
    private readonly AudioChunkPool _pool = new(samplesPerChunk: 4, capacity: 4);

    [Fact]
    public void The_latest_samples_come_out_oldest_first_with_the_capture_time_of_the_first_across_the_wrap()
    {
        var ring = new AudioRing(capacity: 10);
        for (int i = 0; i < 4; i++)
        {
            Append(ring, [(4 * i) + 1, (4 * i) + 2, (4 * i) + 3, (4 * i) + 4], sequence: i, startSample: 4 * i);
        }

        float[] window = new float[6];
        Assert.True(ring.TryCopyLatest(window, out TimeSpan start));

        Assert.Equal([11f, 12, 13, 14, 15, 16], window);
        Assert.Equal(SampleTime(10), start);
        Assert.Equal(10, ring.Count);
    }

    [Fact]
    public void A_window_longer_than_what_is_held_is_refused()
    {
        var ring = new AudioRing(capacity: 16);
        Append(ring, [1, 2, 3, 4], sequence: 0, startSample: 0);

        Assert.False(ring.TryCopyLatest(new float[5], out _));
        Assert.True(ring.TryCopyLatest(new float[4], out TimeSpan start));
        Assert.Equal(TimeSpan.Zero, start);
    }

    [Fact]
    public void A_chunk_that_does_not_follow_the_last_starts_the_ring_over_so_no_window_spans_the_gap()
    {
        var ring = new AudioRing(capacity: 16);
        Append(ring, [1, 2, 3, 4], sequence: 0, startSample: 0);
        Append(ring, [5, 6, 7, 8], sequence: 1, startSample: 4);
        Append(ring, [9, 10, 11, 12], sequence: 3, startSample: 12);

        Assert.Equal(4, ring.Count);
        Assert.Equal(1, ring.Gaps);
        Assert.False(ring.TryCopyLatest(new float[5], out _));
        float[] window = new float[4];
        Assert.True(ring.TryCopyLatest(window, out TimeSpan start));
        Assert.Equal([9f, 10, 11, 12], window);
        Assert.Equal(SampleTime(12), start);
    }

    [Fact]
    public void Appending_and_copying_allocate_nothing()
    {
        var ring = new AudioRing(capacity: 64);
        float[] window = new float[32];
        Assert.True(_pool.TryRent([1, 2, 3, 4], TimeSpan.Zero, 0, out AudioChunk chunk));
        ring.Append(chunk);
        ring.TryCopyLatest(window.AsSpan(0, 4), out _);
        chunk.Release();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < 1000; i++)
        {
            Assert.True(_pool.TryRent([i, i, i, i], SampleTime(4 * i), i, out chunk));
            ring.Append(chunk);
            chunk.Release();
            ring.TryCopyLatest(window, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(999f, window[^1]);
    }

    [Fact]
    public void A_chunk_pool_hands_out_each_chunk_once_and_counts_when_all_are_held()
    {
        var pool = new AudioChunkPool(samplesPerChunk: 3, capacity: 1);
        Assert.True(pool.TryRent([0.5f, -0.5f], SampleTime(8), 5, out AudioChunk chunk));

        Assert.False(pool.TryRent([1f], TimeSpan.Zero, 6, out _));
        Assert.Equal(1, pool.Exhausted);
        Assert.Equal([0.5f, -0.5f], chunk.Samples.ToArray());
        Assert.Equal((2, 3, 5L, SampleTime(8), SampleTime(2)), (chunk.Length, chunk.Capacity, chunk.Sequence, chunk.CaptureTime, chunk.Duration));

        chunk.Release();
        Assert.Throws<InvalidOperationException>(chunk.Release);
        Assert.Throws<InvalidOperationException>(() => chunk.Retain());
        Assert.Equal(1, pool.Available);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.TryRent([1f, 2f, 3f, 4f], TimeSpan.Zero, 7, out _));
    }

    private static TimeSpan SampleTime(int sample) => TimeSpan.FromTicks(sample * TimeSpan.TicksPerSecond / AudioChunk.SampleRate);

    private void Append(AudioRing ring, float[] samples, long sequence, int startSample)
    {
        Assert.True(_pool.TryRent(samples, SampleTime(startSample), sequence, out AudioChunk chunk));
        ring.Append(chunk);
        chunk.Release();
    }
}
