using System.Buffers.Binary;
using System.Globalization;
using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Platform;
using EdgeMer.Platform.Tests;

namespace EdgeMer.Capture.Tests;

public sealed class AudioFileSourceTests : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(120);
    private static readonly AudioFileOptions s_fast = new() { Pace = FilePace.AsFastAsPossible };

    private readonly Media _media = new();
    private readonly CaptureClock _clock = new(TimeProvider.System);

    public void Dispose() => _media.Dispose();

    [Fact]
    public async Task A_16_kHz_wav_arrives_as_floats_equal_to_its_16_bit_samples_in_numbered_chunks()
    {
        string speech = Media.Sample("speech.wav");
        float[] expected = WavSamples(speech);
        using AudioFileSource source = AudioFileSource.Open(speech, _clock, s_fast);
        var samples = new List<float>();
        var chunks = new List<(long Sequence, int Length, TimeSpan Time)>();

        await source.RunAsync(
            chunk =>
            {
                samples.AddRange(chunk.Samples);
                chunks.Add((chunk.Sequence, chunk.Length, chunk.CaptureTime));
            },
            CancellationToken.None).WaitAsync(s_patience);

        Assert.Equal(expected, samples);
        Assert.Equal(Enumerable.Range(0, chunks.Count).Select(i => (long)i), chunks.Select(c => c.Sequence));
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(512, c.Length));
        Assert.Equal(expected.Length % 512, chunks[^1].Length);
        Assert.Equal(chunks.Select(c => c.Time).Order(), chunks.Select(c => c.Time));
        Assert.Equal(chunks.Count, source.ChunksDelivered);
        Assert.Equal(source.Pool.Capacity, source.Pool.Available);
    }

    [Fact]
    public async Task The_sound_of_a_video_file_is_decoded_to_16_kHz_mono()
    {
        string clip = Media.Sample("clip.mp4");
        double seconds = double.Parse(Media.Probe(clip, 'a', "duration"), CultureInfo.InvariantCulture);
        using AudioFileSource source = AudioFileSource.Open(clip, _clock, s_fast with { SamplesPerChunk = 1600 });
        long count = 0;
        double energy = 0;

        await source.RunAsync(
            chunk =>
            {
                count += chunk.Length;
                foreach (float s in chunk.Samples)
                {
                    energy += s * s;
                }
            },
            CancellationToken.None).WaitAsync(s_patience);

        // AAC frames round the length up by at most one frame (1024 samples at 16 kHz).
        Assert.InRange(count, (long)(seconds * 16_000), (long)(seconds * 16_000) + 1024);
        Assert.True(Math.Sqrt(energy / count) > 0.01, "the clip's sound is speech, not silence");
    }

    [Fact]
    public async Task Reading_audio_allocates_nothing_per_chunk_in_steady_state()
    {
        using AudioFileSource source = AudioFileSource.Open(Media.Sample("speech.wav"), _clock, s_fast with { SamplesPerChunk = 256 });
        long atChunk10 = 0;
        long atChunk300 = 0;

        await source.RunAsync(
            chunk =>
            {
                if (chunk.Sequence == 10)
                {
                    atChunk10 = GC.GetAllocatedBytesForCurrentThread();
                }
                else if (chunk.Sequence == 300)
                {
                    atChunk300 = GC.GetAllocatedBytesForCurrentThread();
                }
            },
            CancellationToken.None).WaitAsync(s_patience);

        Assert.NotEqual(0, atChunk300);
        Assert.Equal(0, atChunk300 - atChunk10);
    }

    [Fact]
    public async Task A_file_played_again_through_the_same_chunk_pools_fills_the_chunks_of_its_first_pass_and_another_chunk_size_gets_chunks_of_its_own()
    {
        var pools = new AudioChunkPools();
        var first = new HashSet<AudioChunk>(ReferenceEqualityComparer.Instance);
        var again = new HashSet<AudioChunk>(ReferenceEqualityComparer.Instance);
        var smaller = new HashSet<AudioChunk>(ReferenceEqualityComparer.Instance);
        AudioFileOptions options = s_fast with { Chunks = pools, PoolCapacity = 4 };

        foreach ((HashSet<AudioChunk> seen, AudioFileOptions opened) in new[] { (first, options), (again, options), (smaller, options with { SamplesPerChunk = 256 }) })
        {
            using AudioFileSource source = AudioFileSource.Open(Media.Sample("speech.wav"), _clock, opened);
            await source.RunAsync(chunk => seen.Add(chunk), CancellationToken.None).WaitAsync(s_patience);
        }

        Assert.NotEmpty(first);
        Assert.Subset(first, again);
        Assert.Empty(smaller.Intersect(first, ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public async Task A_chunk_the_pool_cannot_take_is_dropped_and_counted()
    {
        using AudioFileSource source = AudioFileSource.Open(Media.Sample("speech.wav"), _clock, s_fast with { PoolCapacity = 3 });
        var held = new List<AudioChunk>();

        await source.RunAsync(chunk => held.Add(chunk.Retain()), CancellationToken.None).WaitAsync(s_patience);

        int chunks = (WavSamples(Media.Sample("speech.wav")).Length + 511) / 512;
        Assert.Equal([0L, 1, 2], held.Select(c => c.Sequence));
        Assert.Equal(chunks - 3, source.ChunksDropped);
        held.ForEach(c => c.Release());
    }

    [Theory]
    [InlineData("missing.wav", null, "No such file or directory")]
    [InlineData("empty.wav", "", "Invalid data found when processing input")]
    [InlineData("text.wav", "not sound\n", "Invalid data found when processing input")]
    public void A_missing_or_unreadable_file_is_an_error_naming_it_with_ffprobes_reason(string name, string? contents, string reason)
    {
        string path = contents is null ? _media.PathOf(name) : _media.Write(name, System.Text.Encoding.ASCII.GetBytes(contents));

        AudioSourceException error = Assert.Throws<AudioSourceException>(() => AudioFileSource.Open(path, _clock));

        Assert.Equal($"audio {path}", error.SourceName);
        Assert.StartsWith($"audio {path}: ffprobe cannot read it: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_whose_sound_ffprobe_cannot_describe_is_an_error_naming_it()
    {
        // Named .flac, ffprobe takes it for FLAC and reports a stream of 0 channels at 0 Hz.
        string text = _media.Write("text.flac", "not sound\n"u8);

        AudioSourceException error = Assert.Throws<AudioSourceException>(() => AudioFileSource.Open(text, _clock));

        Assert.StartsWith($"audio {text}: ffprobe finds no readable sound in it (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_video_without_sound_is_an_error_naming_it()
    {
        string silent = _media.PathOf("no-sound.mp4");
        Media.Ffmpeg("-i", Media.Sample("clip.mp4"), "-an", "-c:v", "copy", "-y", silent);

        AudioSourceException error = Assert.Throws<AudioSourceException>(() => AudioFileSource.Open(silent, _clock));

        Assert.Equal($"audio {silent}: has no audio stream", error.Message);
    }

    [Fact]
    public async Task A_file_damaged_in_the_middle_delivers_what_decodes_and_then_fails_naming_it()
    {
        string flac = _media.PathOf("speech.flac");
        Media.Ffmpeg("-i", Media.Sample("speech.wav"), "-y", flac);
        string damaged = _media.Damaged(flac, "damaged.flac", from: 0.5, count: 2000);
        using AudioFileSource source = AudioFileSource.Open(damaged, _clock, s_fast);
        int delivered = 0;

        AudioSourceException error = await Assert.ThrowsAsync<AudioSourceException>(() => source.RunAsync(_ => delivered++, CancellationToken.None).WaitAsync(s_patience));

        Assert.True(delivered > 0);
        Assert.StartsWith($"audio {damaged}: ffmpeg finished but reported errors: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_stops_the_file_promptly_and_kills_ffmpeg()
    {
        using AudioFileSource source = AudioFileSource.Open(Media.Sample("speech.wav"), _clock);
        using var log = new StateChangeLog();
        source.StateChanged += log.Record;
        using var stop = new CancellationTokenSource();

        await source.RunAsync(_ => stop.Cancel(), stop.Token).WaitAsync(s_patience);

        Assert.Equal(1, source.ChunksDelivered);
        Assert.False(ProcessTable.IsAlive(log.Next(SupervisedProcessState.Running, 1).ProcessId!.Value));
        Assert.Equal(SupervisedProcessEnd.Cancelled, log.Next(SupervisedProcessState.Stopped, 1).End);
    }

    [Fact]
    public void The_file_is_decoded_to_16_kHz_mono_floats_of_this_machine_on_standard_output()
    {
        using AudioFileSource source = AudioFileSource.Open(Media.Sample("speech.wav"), _clock);

        Assert.Equal(
            ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-i", "file:" + Media.Sample("speech.wav"), "-map", "0:a:0",
             "-vn", "-sn", "-dn", "-ac", "1", "-ar", "16000", "-f", BitConverter.IsLittleEndian ? "f32le" : "f32be", "pipe:1"],
            source.Command);
        Assert.Equal(512, source.SamplesPerChunk);
    }

    /// <summary>The samples of a 16-bit mono WAV file, read from its data chunk, as floats the way ffmpeg converts them (s / 32768).</summary>
    private static float[] WavSamples(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(file, 0, 4));
        int at = 12;
        while (System.Text.Encoding.ASCII.GetString(file, at, 4) != "data")
        {
            at += 8 + BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 4));
        }

        int bytes = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 4));
        var samples = new float[bytes / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(at + 8 + (2 * i))) / 32768f;
        }

        return samples;
    }
}
