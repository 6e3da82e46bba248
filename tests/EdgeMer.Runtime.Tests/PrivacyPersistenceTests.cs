using System.Text;
using System.Text.Json;
using EdgeMer.Affect;
using EdgeMer.Inference;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Runtime.Tests;

/// <summary>The privacy switch remembers: a device paused before a crash, a reboot or an update comes back paused.</summary>
public sealed class PrivacyPersistenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-privacy-").FullName;
    private readonly string _configFile;
    private readonly ZmqContext _context = new();

    public PrivacyPersistenceTests()
    {
        InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), NullLoggerFactory.Instance);
        _configFile = Path.Combine(_dir, "edgemer.json");
        File.WriteAllText(_configFile, TestConfig.Create(_dir).With("EdgeMer:Models", "[\"emotion\"]").ToJsonString());
    }

    public void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_pause_survives_a_restart_and_the_next_start_is_paused_before_anything_runs()
    {
        using (IHost first = RuntimeHost.Build(_configFile, []))
        {
            await first.StartAsync();
            Assert.True(Ask(new RuntimeProbe(first).ControlEndpoint, "pause").Paused);
            await first.StopAsync();
        }

        using IHost second = RuntimeHost.Build(_configFile, []);
        await second.StartAsync();

        Assert.Equal(PrivacyState.Paused, second.Services.GetRequiredService<PrivacySwitch>().State);
        Assert.True(Ask(new RuntimeProbe(second).ControlEndpoint, "status").Status!.Paused);
        Assert.True(second.Services.GetRequiredService<HealthService>().Report().Paused);
        await second.StopAsync();
    }

    [Fact]
    public async Task A_resume_is_remembered_too()
    {
        File.WriteAllText(Path.Combine(_dir, PrivacyPersistence.FileName), "paused\n");
        using (IHost first = RuntimeHost.Build(_configFile, []))
        {
            await first.StartAsync();
            Assert.False(Ask(new RuntimeProbe(first).ControlEndpoint, "resume").Paused);
            await first.StopAsync();
        }

        Assert.Equal("capturing\n", File.ReadAllText(Path.Combine(_dir, PrivacyPersistence.FileName)));
        using IHost second = RuntimeHost.Build(_configFile, []);
        await second.StartAsync();
        Assert.Equal(PrivacyState.Capturing, second.Services.GetRequiredService<PrivacySwitch>().State);
        await second.StopAsync();
    }

    [Theory]
    [InlineData("resumed\n")]
    [InlineData("\u001b]0;pwned\u0007")]
    public async Task A_state_file_that_cannot_be_read_starts_the_device_paused(string contents)
    {
        File.WriteAllText(Path.Combine(_dir, PrivacyPersistence.FileName), contents);
        using IHost host = RuntimeHost.Build(_configFile, []);

        await host.StartAsync();

        Assert.Equal(PrivacyState.Paused, host.Services.GetRequiredService<PrivacySwitch>().State);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_state_folder_others_can_open_stops_the_start_naming_it()
    {
        string shared = Directory.CreateDirectory(Path.Combine(_dir, "shared")).FullName;
        File.SetUnixFileMode(shared, (UnixFileMode)0b111_101_101);
        File.WriteAllText(_configFile, TestConfig.Create(shared).With("EdgeMer:Models", "[\"emotion\"]").ToJsonString());
        using IHost host = RuntimeHost.Build(_configFile, []);

        string message = await RuntimeHost.StartFailureAsync(host);

        Assert.Equal($"EdgeMer:StateDirectory: folder {shared} cannot hold EdgeMer's private files: others can open it (mode 755); it must be 700", message);
    }

    private ControlReply Ask(string endpoint, string command)
    {
        using ZmqSocket dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.ReceiveTimeout = TimeSpan.FromSeconds(20);
        dealer.Connect(endpoint);
        dealer.Send(Encoding.UTF8.GetBytes($$"""{"schema":"edgemer.control/1","id":"t","command":"{{command}}"}"""));
        var frames = new List<byte[]>();
        Assert.True(dealer.ReceiveMultipart(frames), $"no reply to {command}");
        return JsonSerializer.Deserialize(frames[^1], ControlJsonContext.Default.ControlReply)!;
    }
}
