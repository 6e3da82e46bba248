namespace EdgeMer.Capture;

/// <summary>
/// A run of captured sound in a buffer that belongs to an <see cref="AudioChunkPool"/>: 16 kHz mono
/// samples as floats in [-1, 1], when its first sample was captured (on the
/// <see cref="EdgeMer.Affect.CaptureClock"/>) and its place in its source's sequence. Held and released
/// like a <see cref="Frame"/>: each holder calls <see cref="Retain"/> and <see cref="Release"/>, and the
/// buffer goes back to the pool with the last release. Nothing is allocated per chunk.
/// </summary>
public sealed class AudioChunk
{
    /// <summary>The sample rate every EdgeMer audio source delivers (what the speech models take).</summary>
    public const int SampleRate = 16_000;

    private readonly AudioChunkPool _pool;
    private readonly float[] _buffer;
    private int _holders;

    internal AudioChunk(AudioChunkPool pool, int capacity)
    {
        _pool = pool;
        _buffer = GC.AllocateArray<float>(capacity, pinned: true);
    }

    /// <summary>How many samples the chunk can hold (its source's chunk size).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>How many samples it holds: <see cref="Capacity"/>, except for the last chunk of a file.</summary>
    public int Length { get; private set; }

    /// <summary>The samples, mono, 16 kHz, in [-1, 1].</summary>
    public ReadOnlySpan<float> Samples => _buffer.AsSpan(0, Length);

    /// <summary>When the first sample was captured, on the capture clock.</summary>
    public TimeSpan CaptureTime { get; private set; }

    /// <summary>How long the samples last.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(Length * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>The chunk's number in its source, from 0; a gap means samples were lost (dropped, or a restart of the source).</summary>
    public long Sequence { get; private set; }

    /// <summary>How many holders the chunk has (0 while it waits in its pool).</summary>
    public int Holders => Volatile.Read(ref _holders);

    /// <summary>Adds a holder; the chunk stays out of the pool until every holder has released it.</summary>
    /// <exception cref="InvalidOperationException">The chunk is back in its pool.</exception>
    public AudioChunk Retain()
    {
        if (!Holds.TryAdd(ref _holders))
        {
            throw new InvalidOperationException($"audio chunk {Sequence} was retained after its last release");
        }

        return this;
    }

    /// <summary>Gives up one hold; the last one returns the chunk to its pool.</summary>
    /// <exception cref="InvalidOperationException">The chunk had no holders left.</exception>
    public void Release()
    {
        int left = Holds.TryRemove(ref _holders);
        if (left < 0)
        {
            throw new InvalidOperationException($"audio chunk {Sequence} was released more often than it was held");
        }

        if (left == 0)
        {
            _pool.Return(this);
        }
    }

    /// <summary>The whole buffer, for the source that fills a chunk it has just rented.</summary>
    internal Span<float> WritableSamples => _buffer;

    /// <summary>Stamps a filled chunk before it is handed on.</summary>
    internal void Stamp(TimeSpan captureTime, long sequence, int length)
    {
        CaptureTime = captureTime;
        Sequence = sequence;
        Length = length;
    }

    internal void MarkRented() => Volatile.Write(ref _holders, 1);
}
