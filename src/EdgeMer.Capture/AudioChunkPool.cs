namespace EdgeMer.Capture;

/// <summary>
/// A fixed set of audio chunks of one size, allocated once (pinned, so native code may read them).
/// A source rents a chunk, fills it and hands it on; when every chunk is held, <see cref="TryRent"/>
/// fails and the source drops the new samples (counted), which its consumers see as a gap in
/// <see cref="AudioChunk.Sequence"/>.
/// </summary>
public sealed class AudioChunkPool
{
    private readonly FreeList<AudioChunk> _free;

    /// <param name="samplesPerChunk">Samples in one chunk (512 is 32 ms at 16 kHz, what Silero VAD takes).</param>
    /// <param name="capacity">How many chunks exist.</param>
    public AudioChunkPool(int samplesPerChunk, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerChunk);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samplesPerChunk, AudioChunk.SampleRate * 60);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        SamplesPerChunk = samplesPerChunk;
        Capacity = capacity;
        var chunks = new AudioChunk[capacity];
        for (int i = 0; i < capacity; i++)
        {
            chunks[i] = new AudioChunk(this, samplesPerChunk);
        }

        _free = new FreeList<AudioChunk>(chunks);
    }

    public int SamplesPerChunk { get; }

    public int Capacity { get; }

    /// <summary>Chunks waiting to be rented.</summary>
    public int Available => _free.Available;

    /// <summary>How often <see cref="TryRent"/> found every chunk out.</summary>
    public long Exhausted => _free.Exhausted;

    /// <summary>
    /// Rents a chunk to fill: the caller is its one holder, writes up to <see cref="SamplesPerChunk"/>
    /// samples into <paramref name="samples"/>, and stamps it before handing it on. False when every
    /// chunk is held.
    /// </summary>
    internal bool TryRent(out AudioChunk chunk, out Span<float> samples)
    {
        if (_free.TryTake(out AudioChunk? taken))
        {
            taken.MarkRented();
            chunk = taken;
            samples = taken.WritableSamples;
            return true;
        }

        chunk = null!;
        samples = default;
        return false;
    }

    /// <summary>Rents a chunk and fills it with <paramref name="samples"/> (at most <see cref="SamplesPerChunk"/>); false when every chunk is held.</summary>
    public bool TryRent(ReadOnlySpan<float> samples, TimeSpan captureTime, long sequence, out AudioChunk chunk)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samples.Length, SamplesPerChunk, nameof(samples));
        if (!TryRent(out chunk, out Span<float> buffer))
        {
            return false;
        }

        samples.CopyTo(buffer);
        chunk.Stamp(captureTime, sequence, samples.Length);
        return true;
    }

    internal void Return(AudioChunk chunk) => _free.Return(chunk);
}
