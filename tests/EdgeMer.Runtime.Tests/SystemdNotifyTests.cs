using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeMer.Testing;

namespace EdgeMer.Runtime.Tests;

/// <summary>
/// <c>edgemer run</c> started as systemd starts a <c>Type=notify</c> service with <c>WatchdogSec=</c>: a
/// datagram socket in <c>$NOTIFY_SOCKET</c> and <c>$WATCHDOG_USEC</c> set. The service takes itself to be
/// under systemd when it is a PID namespace's first process (as in a container), which <c>unshare</c> makes it.
/// </summary>
public sealed class SystemdNotifyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-notify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_service_says_READY_1_and_then_feeds_the_watchdog_every_half_timeout_while_it_senses()
    {
        string socketPath = Path.Combine(_dir, "notify");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        notify.ReceiveTimeout = 60_000;
        string config = Path.Combine(_dir, "edgemer.json");
        string clip = Path.Combine(RepoPaths.Root, "models", "sample-media", "faces-640x480.mp4");
        File.WriteAllText(config, TestConfig.Create(_dir)
            .With("Sensing:Video", JsonSerializer.Serialize(clip)).With("Sensing:Loop", "true")
            .With("EdgeMer:HealthInterval", "\"00:00:00.5\"").ToJsonString());

        using var service = ServiceProcess.Start(
            "/usr/bin/unshare",
            ["--pid", "--fork", "--mount-proc", "--kill-child", TestPrograms.Dotnet, Path.Combine(AppContext.BaseDirectory, "edgemer.dll"), "run", "--config", config],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "2000000" },
            _dir);

        var states = new List<string>();
        byte[] buffer = new byte[4096];
        while (states.Count(s => s == "WATCHDOG=1") < 3)
        {
            int length;
            try
            {
                length = notify.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                Assert.Fail($"no notification for 60 s; received [{string.Join(", ", states)}]; the service said:\n{service.Output}");
                return;
            }

            states.AddRange(Encoding.UTF8.GetString(buffer, 0, length).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        // READY=1 first (models and sockets up), and only then the watchdog.
        Assert.Equal("READY=1", states[0]);
        Assert.All(states.Skip(1), s => Assert.Equal("WATCHDOG=1", s));
    }
}
