using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Platform;

namespace EdgeMer.Capture.Tests;

/// <summary>
/// This machine has no microphone and no sound server: the failures are run for real (an ALSA card
/// that is not there, a PulseAudio server that is not running), and the command line is checked as written.
/// </summary>
public sealed class LiveAudioSourceTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(120);

    private readonly CaptureClock _clock = new(TimeProvider.System);

    [Fact]
    public async Task An_ALSA_device_that_is_not_there_is_an_error_naming_it_with_ffmpegs_reason()
    {
        using var source = new LiveAudioSource(new LiveAudioOptions { Device = "hw:9,0" }, _clock);

        AudioSourceException error = await Assert.ThrowsAsync<AudioSourceException>(() => source.RunAsync(_ => { }, CancellationToken.None).WaitAsync(s_patience));

        Assert.Equal("microphone alsa:hw:9,0", error.SourceName);
        Assert.StartsWith("microphone alsa:hw:9,0: ffmpeg exited with code 1: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot open audio device hw:9,0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PulseAudio_source_that_cannot_be_reached_is_an_error_naming_it_with_ffmpegs_reason()
    {
        // Here no server runs; where one does, it has no source of this name: either way the start fails.
        using var source = new LiveAudioSource(new LiveAudioOptions { Backend = AudioBackend.Pulse, Device = "edgemer-no-such-source" }, _clock);

        AudioSourceException error = await Assert.ThrowsAsync<AudioSourceException>(() => source.RunAsync(_ => { }, CancellationToken.None).WaitAsync(s_patience));

        Assert.StartsWith("microphone pulse:edgemer-no-such-source: ffmpeg exited with code 1: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("edgemer-no-such-source: ", error.Message[error.Message.IndexOf("code 1: ", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_that_keeps_failing_is_retried_with_back_off_when_the_first_start_may_fail()
    {
        var time = new EdgeMer.Platform.Tests.TimerWatchingTimeProvider();
        using var source = new LiveAudioSource(
            new LiveAudioOptions
            {
                Device = "hw:9,0",
                FirstStartMustSucceed = false,
                Restart = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(1), Jitter = false, MaxRestarts = 1 },
            },
            new CaptureClock(time));
        using var log = new EdgeMer.Platform.Tests.StateChangeLog();
        source.StateChanged += log.Record;

        Task running = source.RunAsync(_ => { }, CancellationToken.None);
        time.AdvanceWhenArmed(log.Next(SupervisedProcessState.BackingOff, 2).Delay!.Value);
        AudioSourceException error = await Assert.ThrowsAsync<AudioSourceException>(() => running.WaitAsync(s_patience));

        Assert.StartsWith("microphone alsa:hw:9,0: ffmpeg failed 2 times in a row; the last time it exited with code 1: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AudioBackend.Alsa, "plughw:1,0", "alsa")]
    [InlineData(AudioBackend.Pulse, "alsa_input.usb-mic.mono-fallback", "pulse")]
    public void The_device_is_read_through_ffmpeg_and_resampled_to_16_kHz_mono_floats(AudioBackend backend, string device, string format)
    {
        using var source = new LiveAudioSource(new LiveAudioOptions { Backend = backend, Device = device, SamplesPerChunk = 320 }, _clock);

        Assert.Equal(
            ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-f", format, "-i", device,
             "-vn", "-sn", "-dn", "-ac", "1", "-ar", "16000", "-f", BitConverter.IsLittleEndian ? "f32le" : "f32be", "pipe:1"],
            source.Command);
        Assert.Equal($"microphone {format}:{device}", source.Name);
        Assert.Equal(320, source.SamplesPerChunk);
    }

    [Theory]
    [InlineData("", "Device is ''")]
    [InlineData("-x", "Device is '-x'")]
    [InlineData("chunk", "SamplesPerChunk is 0")]
    [InlineData("pool", "PoolCapacity is 0")]
    public void Options_out_of_range_are_refused_naming_the_option(string setting, string message)
    {
        var options = setting switch
        {
            "chunk" => new LiveAudioOptions { SamplesPerChunk = 0 },
            "pool" => new LiveAudioOptions { PoolCapacity = 0 },
            _ => new LiveAudioOptions { Device = setting },
        };

        ArgumentException refused = Assert.Throws<ArgumentException>(() => new LiveAudioSource(options, _clock));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }
}
