using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Runtime.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// EdgeMer's way out: the ZeroMQ context, the ZAP handler with the allow-list when CURVE is
/// configured, and the summary publisher. Whatever makes summaries and alerts (the fuser) writes them
/// to <see cref="ISummarySink"/>, which this is; nothing else leaves the device.
/// </summary>
public sealed class Egress : IHostedService, ISummarySink, IDisposable
{
    private readonly ActiveSetup _setup;
    private readonly IOptions<SummaryPublisherOptions> _publisherOptions;
    private readonly IOptions<EgressSecurityOptions> _securityOptions;
    private readonly PrivacySwitch _privacy;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private ZmqContext? _context;
    private ZapHandler? _zap;
    private SummaryPublisher? _publisher;

    public Egress(
        ActiveSetup setup,
        IOptions<SummaryPublisherOptions> publisherOptions,
        IOptions<EgressSecurityOptions> securityOptions,
        PrivacySwitch privacy,
        ILoggerFactory loggerFactory,
        TimeProvider time)
    {
        _time = time;
        _setup = setup;
        _publisherOptions = publisherOptions;
        _securityOptions = securityOptions;
        _privacy = privacy;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The ZeroMQ context every EdgeMer socket of this process lives in.</summary>
    public ZmqContext Context => _context ?? throw new InvalidOperationException("egress has not started");

    /// <summary>The CURVE server settings sockets apply, or null when egress is plain.</summary>
    public CurveServerSecurity? Security { get; private set; }

    /// <summary>The summary publisher.</summary>
    public SummaryPublisher Publisher => _publisher ?? throw new InvalidOperationException("egress has not started");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        RuntimeSetup setup = _setup.Current;
        try
        {
            _context = new ZmqContext();
            if (setup.AllowList is not null)
            {
                CurveKeyPair serverKeys = LoadServerKeys(_securityOptions.Value);
                _zap = new ZapHandler(_context, setup.AllowList, "edgemer", _loggerFactory.CreateLogger<ZapHandler>(), _time);
                Security = new CurveServerSecurity(serverKeys, _zap);
            }

            try
            {
                _publisher = new SummaryPublisher(_context, _publisherOptions.Value, _privacy, Security, _loggerFactory.CreateLogger<SummaryPublisher>(), _time);
            }
            catch (ZmqException e)
            {
                throw new RuntimeConfigurationException($"{SummaryPublisherOptions.Section}:Endpoints: {e.Message}", e);
            }
        }
        catch
        {
            Stop();
            throw;
        }

        _setup.Replaced += OnSetupReplaced;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _setup.Replaced -= OnSetupReplaced;
        Stop();
        return Task.CompletedTask;
    }

    public bool TryPublish(Summary summary) => Publisher.TryPublish(summary);

    public bool TryPublish(in Alert alert) => Publisher.TryPublish(alert);

    public void Dispose() => Stop();

    private void OnSetupReplaced(object? sender, RuntimeSetup setup)
    {
        // Replacing the list revokes removed clients: the control socket refuses their requests and
        // the publisher makes every subscriber reconnect through the handler.
        if (setup.AllowList is not null)
        {
            _zap?.ReplaceAllowList(setup.AllowList);
        }
    }

    private static CurveKeyPair LoadServerKeys(EgressSecurityOptions security)
    {
        try
        {
            return CurveKeyFile.LoadKeyPair(security.ServerSecretKeyFile!);
        }
        catch (Exception e) when (e is CurveKeyFileException or IOException or UnauthorizedAccessException)
        {
            throw new RuntimeConfigurationException($"{EgressSecurityOptions.Section}:ServerSecretKeyFile: {e.Message}", e);
        }
    }

    private void Stop()
    {
        // The control socket, which shares the context, is stopped before egress (hosted services stop in reverse).
        Interlocked.Exchange(ref _publisher, null)?.Dispose();
        Interlocked.Exchange(ref _zap, null)?.Dispose();
        Interlocked.Exchange(ref _context, null)?.Dispose();
    }
}
