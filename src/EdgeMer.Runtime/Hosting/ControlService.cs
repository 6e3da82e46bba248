using EdgeMer.Affect;
using EdgeMer.Messaging;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Runtime.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// The control socket (status, pause, resume, reload), secured like egress. Without a configured
/// endpoint it listens on an ipc socket in a folder only the service's user can open; a plain
/// socket on TCP is allowed but warned about, since anyone who reaches it can pause the device.
/// </summary>
public sealed partial class ControlService : IHostedService, IControlCommands, IDisposable
{
    private readonly Egress _egress;
    private readonly ReloadCoordinator _reload;
    private readonly PrivacySwitch _privacy;
    private readonly IOptions<ControlServerOptions> _options;
    private readonly IOptions<SummaryPublisherOptions> _publisher;
    private readonly Uptime _uptime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private ControlServer? _server;

    public ControlService(
        Egress egress,
        ReloadCoordinator reload,
        PrivacySwitch privacy,
        IOptions<ControlServerOptions> options,
        IOptions<SummaryPublisherOptions> publisher,
        Uptime uptime,
        ILoggerFactory loggerFactory,
        TimeProvider time)
    {
        _time = time;
        _egress = egress;
        _reload = reload;
        _privacy = privacy;
        _options = options;
        _publisher = publisher;
        _uptime = uptime;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ControlService>();
    }

    /// <summary>The bound control endpoint, wildcard port resolved.</summary>
    public string Endpoint => _server?.Endpoint ?? throw new InvalidOperationException("the control socket has not started");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ControlServerOptions options = _options.Value;
        if (options.Endpoint.StartsWith("ipc://", StringComparison.Ordinal)
            && Path.GetDirectoryName(options.Endpoint["ipc://".Length..]) is { Length: > 0 } folder
            && folder == RuntimeDirectories.PrivateRuntimeDirectory())
        {
            RuntimeDirectories.EnsurePrivate(folder, $"{ControlServerOptions.Section}:Endpoint");
        }

        try
        {
            _server = new ControlServer(_egress.Context, options, this, _privacy, _egress.Security, _loggerFactory.CreateLogger<ControlServer>(), _time);
        }
        catch (ZmqException e)
        {
            throw new RuntimeConfigurationException($"{ControlServerOptions.Section}:Endpoint: {e.Message}", e);
        }

        if (_egress.Security is null && EndpointText.IsNetwork(_server.Endpoint))
        {
            LogPlainControlOnNetwork(_logger, _server.Endpoint);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _server, null)?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ControlStatus GetStatus()
    {
        PublisherCounters counters = _egress.Publisher.Counters;
        return new ControlStatus(
            _publisher.Value.DeviceId,
            EdgeMerVersion.Current,
            _privacy.State == PrivacyState.Paused,
            _uptime.Elapsed.TotalSeconds,
            counters.Published,
            counters.Dropped);
    }

    /// <inheritdoc />
    public ReloadResult Reload() => _reload.Reload("control");

    public void Dispose() => Interlocked.Exchange(ref _server, null)?.Dispose();
}
