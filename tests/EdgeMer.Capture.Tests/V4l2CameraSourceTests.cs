using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Platform.Tests;

namespace EdgeMer.Capture.Tests;

/// <summary>
/// This machine has no camera: the failures are run for real (a device that is not there, a device
/// that is not a camera), and the command line that would read a camera is checked as written.
/// </summary>
public sealed class V4l2CameraSourceTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(120);

    private readonly CaptureClock _clock = new(TimeProvider.System);

    [Fact]
    public async Task A_camera_that_is_not_there_is_an_error_naming_it_and_nothing_is_started()
    {
        using var source = new V4l2CameraSource(new V4l2CameraOptions { Device = "/dev/edgemer-no-video9" }, _clock);
        using var log = new StateChangeLog();
        source.StateChanged += log.Record;

        FrameSourceException error = await Assert.ThrowsAsync<FrameSourceException>(() => source.RunAsync(_ => { }, CancellationToken.None));

        Assert.Equal("camera /dev/edgemer-no-video9: no such device", error.Message);
        Assert.Equal("camera /dev/edgemer-no-video9", error.SourceName);
        Assert.Empty(log.All);
    }

    [Fact]
    public async Task A_device_that_is_not_a_camera_fails_its_first_start_with_ffmpegs_reason()
    {
        using var source = new V4l2CameraSource(new V4l2CameraOptions { Device = "/dev/null" }, _clock);
        using var log = new StateChangeLog();
        source.StateChanged += log.Record;

        FrameSourceException error = await Assert.ThrowsAsync<FrameSourceException>(() => source.RunAsync(_ => { }, CancellationToken.None).WaitAsync(s_patience));

        Assert.StartsWith("camera /dev/null: ffmpeg exited with code 1: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Inappropriate ioctl for device", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.All, c => c.State == EdgeMer.Platform.SupervisedProcessState.BackingOff);
        Assert.False(ProcessTable.IsAlive(Assert.Single(log.All, c => c.State == EdgeMer.Platform.SupervisedProcessState.Running).ProcessId!.Value));
    }

    [Fact]
    public void The_camera_is_read_through_ffmpeg_in_the_asked_format_size_and_rate_as_RGB24_on_standard_output()
    {
        var options = new V4l2CameraOptions { Device = "/dev/video2", Width = 1280, Height = 720, FramesPerSecond = 15, InputFormat = "mjpeg" };
        using var source = new V4l2CameraSource(options, _clock);

        Assert.Equal(
            ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "v4l2", "-input_format", "mjpeg", "-framerate", "15", "-video_size", "1280x720",
             "-i", "/dev/video2", "-map", "0:v:0", "-an", "-sn", "-dn", "-vsync", "passthrough", "-vf", "scale=1280:720", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
            source.Command);
        Assert.Equal((1280, 720, 15.0, "camera /dev/video2"), (source.Width, source.Height, source.FramesPerSecond!.Value, source.Name));
    }

    [Fact]
    public void Without_an_input_format_the_driver_chooses_and_a_fractional_rate_is_written_as_ffmpeg_reads_it()
    {
        using var source = new V4l2CameraSource(new V4l2CameraOptions { Device = "/dev/video0", FramesPerSecond = 29.97 }, _clock);

        Assert.DoesNotContain("-input_format", source.Command);
        Assert.Equal("29.97", source.Command[source.Command.ToList().IndexOf("-framerate") + 1]);
        Assert.Equal("640x480", source.Command[source.Command.ToList().IndexOf("-video_size") + 1]);
    }

    [Theory]
    [InlineData("video0", "Device is 'video0'")]
    [InlineData("/dev/video0|fps", "FramesPerSecond is 0")]
    [InlineData("/dev/video0|size", "Width x Height is 0x480")]
    [InlineData("/dev/video0|format", "InputFormat is 'mjpeg -x'")]
    [InlineData("/dev/video0|pool", "PoolCapacity is 0")]
    [InlineData("/dev/video0|stall", "StallTimeout")]
    public void Options_out_of_range_are_refused_naming_the_option(string setting, string message)
    {
        string[] parts = setting.Split('|');
        var options = new V4l2CameraOptions { Device = parts[0] };
        options = parts.Length == 1 ? options : parts[1] switch
        {
            "fps" => options with { FramesPerSecond = 0 },
            "size" => options with { Width = 0 },
            "format" => options with { InputFormat = "mjpeg -x" },
            "pool" => options with { PoolCapacity = 0 },
            _ => options with { StallTimeout = TimeSpan.Zero },
        };

        ArgumentException refused = Assert.Throws<ArgumentException>(() => new V4l2CameraSource(options, _clock));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.StartsWith($"camera {parts[0]}: ", refused.Message, StringComparison.Ordinal);
    }
}
