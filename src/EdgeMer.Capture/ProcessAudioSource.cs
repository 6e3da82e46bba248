using System.Globalization;
using System.Runtime.InteropServices;
using EdgeMer.Affect;
using EdgeMer.Platform;

namespace EdgeMer.Capture;

/// <summary>
/// An audio source read from ffmpeg's standard output as 16 kHz mono floats. Each chunk is read
/// straight into a chunk of the source's <see cref="AudioChunkPool"/>, stamped with the capture time
/// of its first sample (its arrival, less its duration), numbered and handed to the callback; when
/// every chunk is held, the samples are read past and counted in <see cref="ChunksDropped"/>. The
/// decoder runs under a <see cref="SupervisedProcess"/>: a live source that dies or stalls is
/// restarted with back-off, and every change is reported through <see cref="StateChanged"/>.
/// </summary>
public abstract class ProcessAudioSource : IAudioSource
{
    private const int MaxPoolCapacity = 4096;

    private readonly CaptureProcess _capture;
    private readonly CaptureClock _clock;
    private readonly AudioChunkPool _pool;
    private readonly byte[] _skipped;
    private long _nextSequence;
    private long _delivered;
    private long _dropped;
    private bool _hadRun;

    private protected ProcessAudioSource(string name, int samplesPerChunk, int poolCapacity, AudioChunkPools? chunks, SupervisedProcessOptions decoder, CaptureClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (samplesPerChunk is < 1 or > AudioChunk.SampleRate * 10)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: SamplesPerChunk is {samplesPerChunk}; allowed: 1..{AudioChunk.SampleRate * 10} (10 s)"));
        }

        if (poolCapacity is < 1 or > MaxPoolCapacity)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: PoolCapacity is {poolCapacity}; allowed: 1..{MaxPoolCapacity}"));
        }

        Name = name;
        _clock = clock;
        _pool = chunks?.For(samplesPerChunk, poolCapacity) ?? new AudioChunkPool(samplesPerChunk, poolCapacity);
        _skipped = new byte[samplesPerChunk * sizeof(float)];
        _capture = new CaptureProcess(decoder, clock.TimeProvider);
    }

    /// <summary>Raised on every change of the decoder's state (starting, running, failed and why, backing off, stopped).</summary>
    public event EventHandler<SupervisedProcessStateChange>? StateChanged
    {
        add => _capture.Process.StateChanged += value;
        remove => _capture.Process.StateChanged -= value;
    }

    public string Name { get; }

    public int SamplesPerChunk => _pool.SamplesPerChunk;

    /// <summary>Where the decoder stands now, for health.</summary>
    public SupervisedProcessState State => _capture.Process.State;

    /// <summary>The decoder and its arguments, as started.</summary>
    public IReadOnlyList<string> Command => _capture.Command;

    /// <summary>Chunks handed to the callback.</summary>
    public long ChunksDelivered => Interlocked.Read(ref _delivered);

    /// <summary>Chunks decoded while every chunk of the pool was held, and so not delivered.</summary>
    public long ChunksDropped => Interlocked.Read(ref _dropped);

    /// <summary>The chunks the source fills.</summary>
    internal AudioChunkPool Pool => _pool;

    /// <inheritdoc/>
    public async Task RunAsync(Action<AudioChunk> onChunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChunk);
        ObjectDisposedException.ThrowIf(_capture.IsDisposed, this);
        await _capture.RunAsync(output => ReadChunks(output, onChunk, cancellationToken), problem => new AudioSourceException(Name, problem), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Stops the decoder if it runs (a running <see cref="RunAsync"/> returns) and refuses new runs.</summary>
    public void Dispose()
    {
        _capture.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One run of the decoder: chunks until its output ends or the source is stopped. Runs on the source's own thread.</summary>
    private void ReadChunks(Stream output, Action<AudioChunk> onChunk, CancellationToken cancellationToken)
    {
        if (_hadRun)
        {
            // Sound was lost between the runs: the numbers say so with a gap.
            _nextSequence++;
        }

        _hadRun = true;
        int chunkBytes = SamplesPerChunk * sizeof(float);
        while (!cancellationToken.IsCancellationRequested && !_capture.IsDisposed)
        {
            bool rented = _pool.TryRent(out AudioChunk chunk, out Span<float> samples);
            Span<byte> target = rented ? MemoryMarshal.AsBytes(samples) : _skipped;
            int samplesRead = output.ReadAtLeast(target, chunkBytes, throwOnEndOfStream: false) / sizeof(float);
            if (samplesRead == 0)
            {
                if (rented)
                {
                    chunk.Release();
                }

                return;
            }

            TimeSpan arrived = _clock.Now;
            TimeSpan duration = TimeSpan.FromTicks(samplesRead * TimeSpan.TicksPerSecond / AudioChunk.SampleRate);
            long sequence = _nextSequence++;
            if (rented)
            {
                chunk.Stamp(arrived > duration ? arrived - duration : TimeSpan.Zero, sequence, samplesRead);
                try
                {
                    onChunk(chunk);
                }
                finally
                {
                    chunk.Release();
                }

                Interlocked.Increment(ref _delivered);
            }
            else
            {
                Interlocked.Increment(ref _dropped);
            }

            if (samplesRead < SamplesPerChunk)
            {
                // A short chunk is the last of this run.
                return;
            }
        }
    }
}
