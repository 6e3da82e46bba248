using System.Device.Gpio;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMer.Affect;
using EdgeMer.Gpio.Tests;
using EdgeMer.Inference;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Runtime.Hosting;
using EdgeMer.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Runtime.Tests;

/// <summary>
/// edgemer run with a device profile that wires a privacy switch, an alert LED and a buzzer: the service
/// as it runs, sensing the sample clip, with its GPIO chip in memory (no build machine has one).
/// </summary>
public sealed class GpioServiceTests : IDisposable
{
    private const int SwitchLine = 17;
    private const int LedLine = 27;
    private const int BuzzerLine = 22;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-gpio-").FullName;
    private readonly string _configFile;
    private readonly ZmqContext _context = new();
    private readonly FakeGpioDriver _chip = new(TimeProvider.System);

    public GpioServiceTests()
    {
        InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), NullLoggerFactory.Instance);
        _configFile = Path.Combine(_dir, "edgemer.json");
    }

    public void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Clip => Path.Combine(RepoPaths.Root, "models", "sample-media", "faces-640x480.mp4");

    [Fact]
    public async Task Turning_the_privacy_switch_on_stops_capture_at_the_source_and_the_summaries_say_paused()
    {
        using IHost host = await StartAsync(Config().With("Sensing:Video", Json(Clip)).With("Sensing:Loop", "true"), chip: 0);
        using ZmqSocket sub = RuntimeClient.Subscribe(_context, new RuntimeProbe(host), "", s_wait);
        RuntimeClient.Receive(sub, s_wait, m => CaptureRate(m) > 0);

        // The switch closes its contact to ground (the line is pulled up, on reads low).
        _chip.Drive(SwitchLine, PinValue.Low);

        bool pausedSummary = false;
        RuntimeClient.Receive(sub, s_wait, m =>
        {
            pausedSummary |= m is SummaryMessage { Summary.Paused: true };
            return pausedSummary && m is HealthMessage { Health.Paused: true } && CaptureRate(m) == 0;
        });
        Assert.Equal(PrivacyState.Paused, host.Services.GetRequiredService<PrivacySwitch>().State);
        Assert.Equal("paused\n", File.ReadAllText(Path.Combine(_dir, PrivacyPersistence.FileName)));

        _chip.Drive(SwitchLine, PinValue.High);
        RuntimeClient.Receive(sub, s_wait, m => m is HealthMessage { Health.Paused: false } && CaptureRate(m) > 0);
        await host.StopAsync();
    }

    [Fact]
    public async Task An_alert_lights_the_LED_before_it_is_published()
    {
        // A camera that is not there: one sensorLost alert, which is not a safety alert, so the buzzer stays silent.
        using IHost host = await StartAsync(
            Config().With("Sensing:Video", Json("/dev/video-not-there")).With("Sensing:RestartAfter", "\"00:00:00.2\"").With("Sensing:SummaryInterval", "\"00:00:05\""),
            chip: 0);
        using ZmqSocket sub = RuntimeClient.Subscribe(_context, new RuntimeProbe(host), WireTopics.Alert, s_wait);
        Assert.Equal(PinValue.Low, _chip.LevelOf(LedLine));

        RuntimeClient.Receive(sub, s_wait, m => m is AlertMessage { Alert.Kind: AlertKind.SensorLost });

        Assert.Equal(PinValue.High, _chip.LevelOf(LedLine));
        Assert.Equal(PinValue.Low, _chip.LevelOf(BuzzerLine));
        await host.StopAsync();

        // Stopped, the service leaves its outputs off.
        Assert.Equal(PinValue.Low, _chip.LevelOf(LedLine));
    }

    [Fact]
    public async Task A_privacy_switch_the_machine_cannot_open_starts_the_device_paused()
    {
        // No fake chip: the libgpiod driver, and this machine has no /dev/gpiochip97.
        using IHost host = await StartAsync(Config(), chip: 97, fake: false);

        Assert.Equal(PrivacyState.Paused, host.Services.GetRequiredService<PrivacySwitch>().State);
        using ZmqSocket control = RuntimeClient.Control(_context, new RuntimeProbe(host), s_wait);
        Assert.True(RuntimeClient.Ask(control, "resume").Ok);
        Assert.Equal(PrivacyState.Capturing, host.Services.GetRequiredService<PrivacySwitch>().State);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_reload_that_rewires_the_gpio_lines_is_refused_and_the_running_lines_stay()
    {
        using IHost host = await StartAsync(Config(), chip: 0);
        WriteProfile(chip: 0, switchLine: 5);

        ReloadResult result = host.Services.GetRequiredService<ReloadCoordinator>().Reload("test");

        Assert.False(result.Reloaded);
        Assert.Contains("gpio lines cannot change while running", result.Message, StringComparison.Ordinal);
        Assert.Equal(SwitchLine, new RuntimeProbe(host).Setup.Profile.Gpio!.PrivacySwitch!.Line);
        await host.StopAsync();
    }

    private static double CaptureRate(object message) =>
        message is HealthMessage h ? h.Health.Stages.SingleOrDefault(s => s.Stage == "capture")?.RatePerSecond ?? -1 : -1;

    private static string Json(string text) => JsonSerializer.Serialize(text);

    private JsonObject Config()
    {
        string devices = Path.Combine(_dir, "devices");
        return TestConfig.Create(_dir)
            .With("EdgeMer:Profile", "\"wired\"").With("EdgeMer:Devices", Json(devices))
            .With("EdgeMer:HealthInterval", "\"00:00:00.2\"").With("Sensing:SummaryInterval", "\"00:00:00.1\"");
    }

    /// <summary>The x64 profile with a privacy switch, an LED and a buzzer wired as the board profiles wire them.</summary>
    private void WriteProfile(int chip, int switchLine = SwitchLine)
    {
        JsonObject profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json")))!.AsObject();
        profile["id"] = "wired";
        profile["gpio"] = new JsonObject
        {
            ["chip"] = chip,
            ["privacySwitch"] = new JsonObject { ["line"] = switchLine, ["kind"] = "switch", ["activeLevel"] = "low", ["bias"] = "pullUp", ["debounceMs"] = 20 },
            ["alertLed"] = new JsonObject { ["line"] = LedLine },
            ["buzzer"] = new JsonObject { ["line"] = BuzzerLine },
        };
        string devices = Directory.CreateDirectory(Path.Combine(_dir, "devices")).FullName;
        File.WriteAllText(Path.Combine(devices, "wired.json"), profile.ToJsonString());
    }

    private async Task<IHost> StartAsync(JsonObject config, int chip, bool fake = true)
    {
        WriteProfile(chip);
        File.WriteAllText(_configFile, config.ToJsonString());
        HostApplicationBuilder builder = EdgeMerHost.CreateBuilder(_configFile, []);
        if (fake)
        {
            builder.Services.AddSingleton<GpioDriverFactory>(number => number == chip ? _chip : throw new InvalidOperationException($"no chip {number}"));
        }

        IHost host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
