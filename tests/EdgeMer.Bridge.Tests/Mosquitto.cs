using System.Net;
using System.Net.Sockets;
using EdgeMer.Testing;

namespace EdgeMer.Bridge.Tests;

/// <summary>
/// Debian's Mosquitto broker, run by a test on a free loopback port with its own configuration and
/// persistence folder, so it can be stopped and started again with the sessions it had.
/// </summary>
internal sealed class Mosquitto : IDisposable
{
    public const string Program = "/usr/sbin/mosquitto";
    private readonly string _config;
    private ServiceProcess? _process;

    private Mosquitto(string config, int port)
    {
        _config = config;
        Port = port;
    }

    /// <summary>The plain listener's port.</summary>
    public int Port { get; }

    /// <summary>
    /// Starts a broker in <paramref name="folder"/> listening on a free loopback port, with
    /// persistence on; <paramref name="extra"/> adds configuration lines (more listeners, passwords).
    /// </summary>
    public static Mosquitto Start(string folder, string extra = "", bool anonymous = true)
    {
        string data = Path.Combine(folder, "mosquitto-data");
        Directory.CreateDirectory(data);
        string config = Path.Combine(folder, "mosquitto.conf");
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            File.WriteAllText(config, $"""
                {(Environment.UserName == "root" ? "user root" : "")}
                per_listener_settings false
                allow_anonymous {(anonymous ? "true" : "false")}
                persistence true
                persistence_location {data}/
                autosave_interval 0
                log_dest stderr
                log_type error
                log_type warning
                log_type notice
                log_type information
                listener {port} 127.0.0.1
                {extra}
                """);
            var broker = new Mosquitto(config, port);
            if (broker.TryStart())
            {
                return broker;
            }

            // The port was free when probed, but another process (the other test projects bind and connect
            // on loopback too) took it before mosquitto bound it: another port.
            string printed = broker.Output;
            broker.Dispose();
            Assert.True(printed.Contains("Address already in use", StringComparison.Ordinal) && attempt < 3, $"mosquitto did not start; it printed:\n{printed}");
        }
    }

    /// <summary>A loopback port no one listens on now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Starts the broker (again) and returns once it says it is running.</summary>
    public void Restart() => Assert.True(TryStart(), $"mosquitto did not start; it printed:\n{Output}");

    private bool TryStart()
    {
        Assert.True(_process is null || _process.HasExited, "the broker is already running");
        _process?.Dispose();
        _process = ServiceProcess.Start(Program, ["-c", _config]);
        return _process.WaitForLine(l => l.Contains(" running", StringComparison.Ordinal), TimeSpan.FromSeconds(30)) is not null;
    }

    /// <summary>Stops the broker as a service manager does (SIGTERM: it saves its sessions) and waits for it to end.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Signal("TERM");
            _process.WaitForExit(TimeSpan.FromSeconds(30));
        }
    }

    public string Output => _process?.Output ?? "";

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
    }
}
