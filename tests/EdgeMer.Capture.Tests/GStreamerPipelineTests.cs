using EdgeMer.Capture;

namespace EdgeMer.Capture.Tests;

public sealed class GStreamerPipelineTests
{
    [Fact]
    public void A_pipeline_is_split_into_words_as_a_shell_would_split_it()
    {
        const string jetson = "nvarguscamerasrc sensor-id=0 ! 'video/x-raw(memory:NVMM), width=1280, height=720' ! nvvidconv  flip-method=2";

        Assert.Equal(
            ["nvarguscamerasrc", "sensor-id=0", "!", "video/x-raw(memory:NVMM), width=1280, height=720", "!", "nvvidconv", "flip-method=2"],
            GStreamerPipeline.Split(jetson, "camera"));
        Assert.Equal(["filesrc", "location=/a b/c \"d\".mp4"], GStreamerPipeline.Split("filesrc location=\"/a b/c \\\"d\\\".mp4\"", "file"));
        Assert.Equal(["a b", "c"], GStreamerPipeline.Split("a\\ b\tc\n", "escaped"));
    }

    [Fact]
    public void The_pipeline_is_followed_by_conversion_to_RGB_of_the_promised_size_written_to_standard_output()
    {
        Assert.Equal(
            ["-q", "libcamerasrc", "!", "videoconvert", "!", "videoscale", "!", "video/x-raw,format=RGB,width=640,height=480", "!", "fdsink", "fd=1"],
            GStreamerPipeline.Arguments(["libcamerasrc"], 640, 480));
    }

    [Fact]
    public async Task A_quoted_caps_word_reaches_GStreamer_whole()
    {
        // The caps hold spaces: gst-launch gets them as one argument and parses them as one caps string.
        using var source = new GStreamerSource(
            new GStreamerSourceOptions { Pipeline = "videotestsrc num-buffers=2 ! 'video/x-raw, width=(int)48, height=(int)32'", Width = 48, Height = 32, Restart = EdgeMer.Platform.RestartPolicy.Never },
            new EdgeMer.Affect.CaptureClock(TimeProvider.System));
        using var stop = new CancellationTokenSource();
        int frames = 0;

        await source.RunAsync(_ => { if (++frames == 2) { stop.Cancel(); } }, stop.Token).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(2, frames);
    }
}
