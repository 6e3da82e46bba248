namespace EdgeMer.Capture;

/// <summary>
/// The chunk pool of a sound source that is opened again and again: a file played in a loop, a
/// microphone reopened. As <see cref="FramePools"/> does for frames, each opening asks for a pool here
/// and gets the chunks the last opening had when the chunk size and capacity are the same. The chunks
/// are pinned; a looping file that allocated its own on every pass (32 chunks of 512 samples, 64 KiB a
/// pass of the sample sound) left them on the pinned-object heap, which is collected only with the
/// whole heap and never compacted, so the process grew by about 0.6 MiB a minute between full
/// collections. Chunks the last opening handed on come back to the pool as their holders release them.
/// </summary>
public sealed class AudioChunkPools
{
    private readonly Lock _gate = new();
    private AudioChunkPool? _last;

    /// <summary>The last pool handed out when it has this chunk size and capacity; otherwise a new one, which replaces it.</summary>
    public AudioChunkPool For(int samplesPerChunk, int capacity)
    {
        lock (_gate)
        {
            if (_last is { } pool && pool.SamplesPerChunk == samplesPerChunk && pool.Capacity == capacity)
            {
                return pool;
            }

            _last = new AudioChunkPool(samplesPerChunk, capacity);
            return _last;
        }
    }
}
