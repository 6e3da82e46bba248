using EdgeMer.Affect;
using EdgeMer.Capture;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMer.Imaging.Tests;

public sealed class StillImageSourceTests
{
    [Fact]
    public async Task An_image_file_plays_as_one_frame_stamped_on_the_capture_clock()
    {
        var time = new FakeTimeProvider();
        var clock = new CaptureClock(time);
        time.Advance(TimeSpan.FromMilliseconds(250));
        string path = Path.Combine(TestImages.SampleMedia, "diner.jpg");
        using var source = new ImageFileSource(path, clock);
        RgbImage decoded = ImageFile.Decode(path);
        var seen = new List<(long Sequence, TimeSpan Time, byte[] Pixels)>();

        await source.RunAsync(frame => seen.Add((frame.Sequence, frame.CaptureTime, frame.Pixels.ToArray())), CancellationToken.None);

        var only = Assert.Single(seen);
        Assert.Equal(0, only.Sequence);
        Assert.Equal(TimeSpan.FromMilliseconds(250), only.Time);
        Assert.Equal((210, 160, PixelFormat.Rgb24), (source.Width, source.Height, source.Format));
        Assert.Equal(decoded.Pixels.ToArray(), only.Pixels);
        Assert.Equal(source.Pool.Capacity, source.Pool.Available);
    }

    [Fact]
    public async Task A_folder_plays_its_images_in_name_order_in_frames_as_large_as_the_largest()
    {
        string folder = Directory.CreateTempSubdirectory("edgemer-folder-").FullName;
        File.Copy(Path.Combine(TestImages.SampleMedia, "portrait-man.jpg"), Path.Combine(folder, "b.jpg"));
        File.Copy(Path.Combine(TestImages.SampleMedia, "diner.jpg"), Path.Combine(folder, "a.jpg"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an image, not played");
        using var source = new ImageFolderSource(folder, new CaptureClock(TimeProvider.System), new StillImageOptions { Repeat = 2 });
        var sequences = new List<long>();
        byte[]? second = null;

        await source.RunAsync(
            frame =>
            {
                sequences.Add(frame.Sequence);
                second ??= frame.Sequence == 1 ? frame.Pixels.ToArray() : null;
            },
            CancellationToken.None);

        Assert.Equal([Path.Combine(folder, "a.jpg"), Path.Combine(folder, "b.jpg")], source.Files);
        Assert.Equal([0L, 1, 2, 3], sequences);
        Assert.Equal((210, 160), (source.Width, source.Height));
        // b.jpg (140x140) sits top-left; right of it and below it is black.
        RgbImage b = ImageFile.Decode(Path.Combine(folder, "b.jpg"));
        Assert.Equal(b.Pixels.Slice(0, 140 * 3).ToArray(), second.AsSpan(0, 140 * 3).ToArray());
        Assert.All(second.AsSpan(140 * 3, 70 * 3).ToArray(), value => Assert.Equal(0, value));
        Assert.All(second.AsSpan(150 * 210 * 3).ToArray(), value => Assert.Equal(0, value));
    }

    [Fact]
    public void A_missing_image_is_an_error_naming_it()
    {
        var e = Assert.Throws<FrameSourceException>(() => new ImageFileSource("/nonexistent/face.png", new CaptureClock(TimeProvider.System)));
        Assert.Equal("image /nonexistent/face.png", e.SourceName);
        Assert.Contains("/nonexistent/face.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_empty_folder_is_an_error_naming_it()
    {
        string empty = Directory.CreateTempSubdirectory("edgemer-empty-").FullName;

        var missing = Assert.Throws<FrameSourceException>(() => new ImageFolderSource(empty + "-gone", new CaptureClock(TimeProvider.System)));
        var none = Assert.Throws<FrameSourceException>(() => new ImageFolderSource(empty, new CaptureClock(TimeProvider.System)));

        Assert.Contains("no such folder", missing.Message, StringComparison.Ordinal);
        Assert.Contains(empty, none.Message, StringComparison.Ordinal);
        Assert.Contains("no image file", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_with_a_broken_image_is_an_error_naming_that_file()
    {
        string folder = Directory.CreateTempSubdirectory("edgemer-folder-").FullName;
        File.Copy(Path.Combine(TestImages.SampleMedia, "diner.jpg"), Path.Combine(folder, "a.jpg"));
        File.WriteAllText(Path.Combine(folder, "broken.png"), "no PNG here");

        var e = Assert.Throws<FrameSourceException>(() => new ImageFolderSource(folder, new CaptureClock(TimeProvider.System)));
        Assert.Contains(Path.Combine(folder, "broken.png"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paced_source_delivers_at_its_rate_on_the_capture_clock()
    {
        var time = new FakeTimeProvider();
        var clock = new CaptureClock(time);
        using var source = new ImageFileSource(Path.Combine(TestImages.SampleMedia, "diner.jpg"), clock, new StillImageOptions { Repeat = 2, FramesPerSecond = 10 });
        var times = new List<TimeSpan>();
        using var delivered = new SemaphoreSlim(0);

        Task run = Task.Run(() => source.RunAsync(
            frame =>
            {
                lock (times)
                {
                    times.Add(frame.CaptureTime);
                }

                delivered.Release();
            },
            CancellationToken.None));
        Assert.True(await delivered.WaitAsync(TimeSpan.FromSeconds(30)));
        // The next frame is due 100 ms later on the capture clock, and not before.
        time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.False(await delivered.WaitAsync(TimeSpan.FromMilliseconds(200)));
        bool arrived = false;
        for (int step = 0; step < 20 && !arrived; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            arrived = await delivered.WaitAsync(TimeSpan.FromMilliseconds(500));
        }

        Assert.True(arrived, "the second frame never came");
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, times.Count);
        Assert.Equal(TimeSpan.Zero, times[0]);
        // Due at 100 ms; it comes then, or at the next step of the clock when the wait began late.
        Assert.InRange(times[1], TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(180));
    }
}
