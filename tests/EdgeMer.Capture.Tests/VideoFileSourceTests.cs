using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Platform;
using EdgeMer.Platform.Tests;

namespace EdgeMer.Capture.Tests;

public sealed class VideoFileSourceTests : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(120);
    private static readonly VideoFileOptions s_fast = new() { Pace = FilePace.AsFastAsPossible };

    private readonly Media _media = new();
    private readonly CaptureClock _clock = new(TimeProvider.System);

    public void Dispose() => _media.Dispose();

    [Fact]
    public void Opening_a_video_reads_its_frame_size_and_rate_with_ffprobe()
    {
        string clip = Media.Sample("clip.mp4");
        using VideoFileSource native = VideoFileSource.Open(clip, _clock);
        using VideoFileSource fast = VideoFileSource.Open(clip, _clock, s_fast);

        Assert.Equal(int.Parse(Media.Probe(clip, 'v', "width"), System.Globalization.CultureInfo.InvariantCulture), native.Width);
        Assert.Equal(int.Parse(Media.Probe(clip, 'v', "height"), System.Globalization.CultureInfo.InvariantCulture), native.Height);
        Assert.Equal(PixelFormat.Rgb24, native.Format);
        Assert.Equal("10/1", Media.Probe(clip, 'v', "avg_frame_rate"));
        Assert.Equal(10, native.FramesPerSecond);
        Assert.Null(fast.FramesPerSecond);
        Assert.Equal($"video {clip}", native.Name);
    }

    [Fact]
    public async Task Every_frame_of_a_video_arrives_in_order_byte_for_byte_as_ffmpeg_decodes_the_file()
    {
        string clip = Media.Sample("clip.mp4");
        byte[] expected = Media.Ffmpeg("-i", clip, "-map", "0:v:0", "-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1").ToArray();
        using VideoFileSource source = VideoFileSource.Open(clip, _clock, s_fast);
        var frames = new List<(long Sequence, TimeSpan Time, byte[] Pixels)>();

        await source.RunAsync(frame => frames.Add((frame.Sequence, frame.CaptureTime, frame.Pixels.ToArray())), CancellationToken.None).WaitAsync(s_patience);

        int frameBytes = source.Width * source.Height * 3;
        Assert.Equal(expected.Length / frameBytes, frames.Count);
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => (long)i), frames.Select(f => f.Sequence));
        Assert.Equal(expected, frames.SelectMany(f => f.Pixels));
        Assert.Equal(frames.Select(f => f.Time).Order(), frames.Select(f => f.Time));
        Assert.NotEqual(frames[0].Pixels, frames[^1].Pixels);
        Assert.Equal(frames.Count, source.FramesDelivered);
        Assert.Equal(0, source.FramesDropped);
        Assert.Equal(source.Pool.Capacity, source.Pool.Available);
    }

    [Fact]
    public async Task At_its_own_rate_a_video_takes_about_as_long_as_it_lasts()
    {
        // -re keeps ffmpeg from reading ahead of the clip's own clock: 40 frames at 10 fps span 3.9 s at least.
        // The bound is half that, so a slow machine cannot fail it; only a source that ignores the pace can.
        using VideoFileSource source = VideoFileSource.Open(Media.Sample("clip.mp4"), _clock);
        var times = new List<TimeSpan>();

        await source.RunAsync(frame => times.Add(frame.CaptureTime), CancellationToken.None).WaitAsync(s_patience);

        Assert.Equal(40, times.Count);
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(1.95), $"40 frames at 10 fps arrived within {(times[^1] - times[0]).TotalSeconds:0.###} s");
    }

    [Fact]
    public async Task Reading_frames_allocates_nothing_per_frame_in_steady_state()
    {
        using VideoFileSource source = VideoFileSource.Open(Media.Sample("clip.mp4"), _clock, s_fast);
        long atFrame5 = 0;
        long atFrame35 = 0;

        await source.RunAsync(
            frame =>
            {
                if (frame.Sequence == 5)
                {
                    atFrame5 = GC.GetAllocatedBytesForCurrentThread();
                }
                else if (frame.Sequence == 35)
                {
                    atFrame35 = GC.GetAllocatedBytesForCurrentThread();
                }
            },
            CancellationToken.None).WaitAsync(s_patience);

        Assert.NotEqual(0, atFrame5);
        Assert.Equal(0, atFrame35 - atFrame5);
    }

    [Fact]
    public async Task A_file_played_again_through_the_same_frame_pools_fills_the_frames_of_its_first_pass_and_another_size_gets_frames_of_its_own()
    {
        var pools = new FramePools();
        var first = new HashSet<Frame>(ReferenceEqualityComparer.Instance);
        var again = new HashSet<Frame>(ReferenceEqualityComparer.Instance);
        var halved = new HashSet<Frame>(ReferenceEqualityComparer.Instance);
        VideoFileOptions options = s_fast with { Frames = pools, PoolCapacity = 3 };

        using (VideoFileSource source = VideoFileSource.Open(Media.Sample("clip.mp4"), _clock, options))
        {
            await source.RunAsync(frame => first.Add(frame), CancellationToken.None).WaitAsync(s_patience);
        }

        using (VideoFileSource source = VideoFileSource.Open(Media.Sample("clip.mp4"), _clock, options))
        {
            await source.RunAsync(frame => again.Add(frame), CancellationToken.None).WaitAsync(s_patience);
        }

        using (VideoFileSource source = VideoFileSource.Open(Media.Sample("clip.mp4"), _clock, options with { Scale = 0.5 }))
        {
            await source.RunAsync(frame => halved.Add(frame), CancellationToken.None).WaitAsync(s_patience);
            Assert.Equal(source.Width, halved.First().Width);
        }

        Assert.NotEmpty(first);
        Assert.Subset(first, again);
        Assert.Empty(halved.Intersect(first, ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public async Task A_frame_the_pool_cannot_take_is_dropped_counted_and_leaves_a_gap_in_the_numbers()
    {
        using VideoFileSource source = VideoFileSource.Open(Media.Sample("clip.mp4"), _clock, s_fast with { PoolCapacity = 2 });
        var held = new List<Frame>();

        await source.RunAsync(frame => held.Add(frame.Retain()), CancellationToken.None).WaitAsync(s_patience);

        Assert.Equal([0L, 1L], held.Select(f => f.Sequence));
        Assert.Equal(2, source.FramesDelivered);
        Assert.Equal(38, source.FramesDropped);
        held.ForEach(f => f.Release());
        Assert.Equal(2, source.Pool.Available);
    }

    [Fact]
    public async Task Frames_are_scaled_to_the_size_asked_for()
    {
        using VideoFileSource source = VideoFileSource.Open(Media.Sample("clip.mp4"), _clock, s_fast with { Width = 64, Height = 48 });
        int count = 0;

        await source.RunAsync(
            frame =>
            {
                Assert.Equal((64, 48, 64 * 3, 64 * 48 * 3), (frame.Width, frame.Height, frame.Stride, frame.Pixels.Length));
                count++;
            },
            CancellationToken.None).WaitAsync(s_patience);

        Assert.Equal(40, count);
    }

    [Fact]
    public async Task Frames_scaled_by_a_share_of_the_files_own_size_come_at_that_size()
    {
        string clip = Media.Sample("clip.mp4");
        using VideoFileSource native = VideoFileSource.Open(clip, _clock, s_fast);
        using VideoFileSource source = VideoFileSource.Open(clip, _clock, s_fast with { Scale = 0.5 });
        int count = 0;

        await source.RunAsync(
            frame =>
            {
                Assert.Equal((native.Width / 2, native.Height / 2), (frame.Width, frame.Height));
                count++;
            },
            CancellationToken.None).WaitAsync(s_patience);

        Assert.Equal((native.Width / 2, native.Height / 2), (source.Width, source.Height));
        Assert.Equal(40, count);
    }

    [Fact]
    public async Task A_video_opened_from_a_position_delivers_the_frames_from_there_on()
    {
        string clip = Media.Sample("clip.mp4");
        byte[] whole = Media.Ffmpeg("-i", clip, "-map", "0:v:0", "-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1").ToArray();
        using VideoFileSource source = VideoFileSource.Open(clip, _clock, s_fast with { Start = TimeSpan.FromSeconds(2) });
        var frames = new List<byte[]>();

        await source.RunAsync(frame => frames.Add(frame.Pixels.ToArray()), CancellationToken.None).WaitAsync(s_patience);

        // The clip is 4 s at 10 frames a second: from 2 s, its last 20 frames.
        int frameBytes = source.Width * source.Height * 3;
        Assert.Equal(20, frames.Count);
        Assert.Equal(whole.AsSpan(20 * frameBytes).ToArray(), frames.SelectMany(f => f));
    }

    [Fact]
    public async Task A_video_marked_as_rotated_is_delivered_upright_in_its_turned_size()
    {
        string rotated = _media.PathOf("rotated.mp4");
        Media.Ffmpeg("-i", Media.Sample("clip.mp4"), "-c", "copy", "-metadata:s:v", "rotate=90", "-y", rotated);
        using VideoFileSource source = VideoFileSource.Open(rotated, _clock, s_fast);
        int count = 0;

        await source.RunAsync(_ => count++, CancellationToken.None).WaitAsync(s_patience);

        Assert.Equal((240, 320), (source.Width, source.Height));
        Assert.Equal(40, count);
    }

    [Theory]
    [InlineData("missing.mp4", null, "No such file or directory")]
    [InlineData("empty.mp4", "", "Invalid data found when processing input")]
    [InlineData("text.mp4", "a text file, not a video\n", "Invalid data found when processing input")]
    [InlineData("noise.mp4", "noise", "Invalid data found when processing input")]
    public void A_missing_or_unreadable_file_is_an_error_naming_it_with_ffprobes_reason(string name, string? contents, string reason)
    {
        string path = contents switch
        {
            null => _media.PathOf(name),
            "noise" => _media.Write(name, Noise(20_000)),
            _ => _media.Write(name, System.Text.Encoding.ASCII.GetBytes(contents)),
        };

        FrameSourceException error = Assert.Throws<FrameSourceException>(() => VideoFileSource.Open(path, _clock));

        Assert.Equal($"video {path}", error.SourceName);
        Assert.StartsWith($"video {path}: ffprobe cannot read it: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_video_cut_before_its_index_is_an_error_naming_it()
    {
        byte[] clip = File.ReadAllBytes(Media.Sample("clip.mp4"));
        string cut = _media.Write("cut.mp4", clip.AsSpan(0, clip.Length / 2));

        FrameSourceException error = Assert.Throws<FrameSourceException>(() => VideoFileSource.Open(cut, _clock));

        Assert.Contains("moov atom not found", error.Message, StringComparison.Ordinal);
        Assert.Equal($"video {cut}", error.SourceName);
    }

    [Fact]
    public async Task A_file_damaged_after_its_header_delivers_what_decodes_and_then_fails_naming_it_with_ffmpegs_reason()
    {
        string truncated = _media.TruncatedClip();
        using VideoFileSource source = VideoFileSource.Open(truncated, _clock, s_fast);
        int delivered = 0;

        FrameSourceException error = await Assert.ThrowsAsync<FrameSourceException>(
            () => source.RunAsync(_ => delivered++, CancellationToken.None).WaitAsync(s_patience));

        Assert.InRange(delivered, 1, 39);
        Assert.Equal($"video {truncated}", error.SourceName);
        Assert.StartsWith($"video {truncated}: ffmpeg finished but reported errors: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("partial file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_video_is_an_error_naming_it()
    {
        string speech = Media.Sample("speech.wav");

        FrameSourceException error = Assert.Throws<FrameSourceException>(() => VideoFileSource.Open(speech, _clock));

        Assert.Equal($"video {speech}: has no video stream", error.Message);
    }

    [Fact]
    public async Task A_missing_ffmpeg_is_an_error_naming_the_file_and_the_program()
    {
        using VideoFileSource source = VideoFileSource.Open(Media.Sample("clip.mp4"), _clock, s_fast with { Ffmpeg = "/nonexistent/ffmpeg" });

        FrameSourceException error = await Assert.ThrowsAsync<FrameSourceException>(() => source.RunAsync(_ => { }, CancellationToken.None));

        Assert.StartsWith($"video {Media.Sample("clip.mp4")}: ffmpeg cannot start /nonexistent/ffmpeg ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_stops_the_file_promptly_and_kills_ffmpeg()
    {
        using VideoFileSource source = VideoFileSource.Open(Media.Sample("clip.mp4"), _clock);
        using var log = new StateChangeLog();
        source.StateChanged += log.Record;
        using var stop = new CancellationTokenSource();

        await source.RunAsync(_ => stop.Cancel(), stop.Token).WaitAsync(s_patience);

        int ffmpeg = log.Next(SupervisedProcessState.Running, 1).ProcessId!.Value;
        Assert.Equal(SupervisedProcessEnd.Cancelled, log.Next(SupervisedProcessState.Stopped, 1).End);
        Assert.False(ProcessTable.IsAlive(ffmpeg));
        Assert.Equal(1, source.FramesDelivered);
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_option()
    {
        string clip = Media.Sample("clip.mp4");

        Assert.Contains("only one of Width and Height", Assert.Throws<ArgumentException>(() => VideoFileSource.Open(clip, _clock, new VideoFileOptions { Width = 64 })).Message, StringComparison.Ordinal);
        Assert.Contains("Width x Height is 0x48", Assert.Throws<ArgumentException>(() => VideoFileSource.Open(clip, _clock, new VideoFileOptions { Width = 0, Height = 48 })).Message, StringComparison.Ordinal);
        Assert.Contains("Scale is 1.5", Assert.Throws<ArgumentException>(() => VideoFileSource.Open(clip, _clock, new VideoFileOptions { Scale = 1.5 })).Message, StringComparison.Ordinal);
        Assert.Contains("not with Width and Height", Assert.Throws<ArgumentException>(() => VideoFileSource.Open(clip, _clock, new VideoFileOptions { Scale = 0.5, Width = 64, Height = 48 })).Message, StringComparison.Ordinal);
        Assert.Contains("Start is -00:00:01", Assert.Throws<ArgumentException>(() => VideoFileSource.Open(clip, _clock, new VideoFileOptions { Start = TimeSpan.FromSeconds(-1) })).Message, StringComparison.Ordinal);
        Assert.Contains("PoolCapacity is 0", Assert.Throws<ArgumentException>(() => VideoFileSource.Open(clip, _clock, new VideoFileOptions { PoolCapacity = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("StallTimeout", Assert.Throws<ArgumentException>(() => VideoFileSource.Open(clip, _clock, new VideoFileOptions { StallTimeout = TimeSpan.Zero })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_decoder_reads_the_file_by_its_full_path_even_when_it_is_named_like_a_protocol()
    {
        string odd = _media.PathOf("concat:clip.mp4");
        File.Copy(Media.Sample("clip.mp4"), odd);

        using VideoFileSource source = VideoFileSource.Open(odd, _clock, s_fast);

        Assert.Equal(320, source.Width);
        Assert.Contains("file:" + odd, source.Command);
        Assert.Equal("ffmpeg", source.Command[0]);
    }

    private static byte[] Noise(int count)
    {
        byte[] bytes = new byte[count];
        new Random(3).NextBytes(bytes);
        return bytes;
    }
}
