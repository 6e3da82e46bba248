using System.Runtime.InteropServices;
using EdgeMer.Devices;
using EdgeMer.Inference;
using EdgeMer.Messaging.Control;
using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Host.Runtime;

/// <summary>
/// The EdgeMer runtime as a hosted service: validates configuration and device profile at start, loads
/// the models on the profile's execution providers, serves the summary publisher and the control socket
/// (CURVE and allow-list when configured), and publishes health on a fixed interval. Capture, perception
/// and fusion plug in here and publish their summaries through <see cref="Publisher"/>.
/// </summary>
public sealed partial class EdgeMerService : BackgroundService, IControlCommands
{
    private readonly IConfiguration _configuration;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly PrivacySwitch _privacy;
    private readonly SystemdNotifier _systemd;
    private readonly long _startedAt;
    private readonly Lock _reloadLock = new();
    private RuntimeSetup? _setup;
    private ZmqContext? _context;
    private ZapHandler? _zap;
    private SummaryPublisher? _publisher;
    private ControlServer? _control;
    private SummaryPublisherOptions? _publisherOptions;
    private ControlServerOptions? _controlOptions;
    private PosixSignalRegistration? _hangup;

    public EdgeMerService(IConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider time, PrivacySwitch privacy, SystemdNotifier systemd)
    {
        _systemd = systemd;
        _configuration = configuration;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<EdgeMerService>();
        _time = time;
        _privacy = privacy;
        _startedAt = time.GetTimestamp();
    }

    /// <summary>The running configuration (changes on a successful reload).</summary>
    public RuntimeSetup Setup => Volatile.Read(ref _setup) ?? throw new InvalidOperationException("the runtime has not started");

    /// <summary>The summary publisher; the perception pipelines publish through it.</summary>
    public SummaryPublisher Publisher => _publisher ?? throw new InvalidOperationException("the runtime has not started");

    /// <summary>The bound control endpoint, wildcard port resolved.</summary>
    public string ControlEndpoint => _control?.Endpoint ?? throw new InvalidOperationException("the runtime has not started");

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        EgressSecurityOptions security;
        try
        {
            security = RuntimeConfiguration.Security(_configuration);
            _publisherOptions = RuntimeConfiguration.Publisher(_configuration);
            _controlOptions = RuntimeConfiguration.Control(_configuration);
            _publisherOptions.Validate();
            _controlOptions.Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            // InvalidOperationException: the binder could not convert a value; its message names the key.
            throw new RuntimeConfigurationException(e.Message, e);
        }

        RuntimeSetup setup = LoadSetup();
        try
        {
            _context = new ZmqContext();
            CurveServerSecurity? curve = null;
            if (setup.AllowList is not null)
            {
                CurveKeyPair serverKeys = LoadServerKeys(security);
                _zap = new ZapHandler(_context, setup.AllowList, "edgemer", _loggerFactory.CreateLogger<ZapHandler>());
                curve = new CurveServerSecurity(serverKeys, _zap);
            }

            _publisher = new SummaryPublisher(_context, _publisherOptions, _privacy, curve, _loggerFactory.CreateLogger<SummaryPublisher>());
            _control = new ControlServer(_context, _controlOptions, this, _privacy, curve, _loggerFactory.CreateLogger<ControlServer>());
        }
        catch
        {
            setup.Dispose();
            StopMessaging();
            throw;
        }

        _setup = setup;
        if (_logger.IsEnabled(LogLevel.Information))
        {
            string endpoints = string.Join(", ", _publisher.Endpoints);
            string egress = setup.AllowList is null ? "plain" : $"CURVE, {setup.AllowList.Count} allowed clients";
            LogStarted(_logger, setup.Profile.Id, setup.Models.Count, setup.Provider, endpoints, _control.Endpoint, egress);
        }
        // SIGHUP reloads, as daemons conventionally do (systemctl reload); the default would end the process.
        if (!OperatingSystem.IsWindows())
        {
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                Reload();
            });
        }

        _systemd.Notify("READY=1");
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _systemd.Notify("STOPPING=1");
        _hangup?.Dispose();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        StopMessaging();
        Interlocked.Exchange(ref _setup, null)?.Dispose();
        LogStopped(_logger);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        PublishHealth();
        using var timer = new PeriodicTimer(Setup.Options.HealthInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                PublishHealth();
                TimeSpan interval = Setup.Options.HealthInterval;
                if (timer.Period != interval)
                {
                    timer.Period = interval;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <inheritdoc />
    public ControlStatus GetStatus()
    {
        PublisherCounters counters = Publisher.Counters;
        return new ControlStatus(
            _publisherOptions!.DeviceId,
            EdgeMerVersion.Current,
            _privacy.State == PrivacyState.Paused,
            UptimeSeconds,
            counters.Published,
            counters.Dropped);
    }

    /// <inheritdoc />
    public ReloadResult Reload()
    {
        lock (_reloadLock)
        {
            _systemd.Notify("RELOADING=1");
            try
            {
                return ReloadLocked();
            }
            finally
            {
                _systemd.Notify("READY=1");
            }
        }
    }

    private ReloadResult ReloadLocked()
    {
        {
            RuntimeSetup next;
            try
            {
                (_configuration as IConfigurationRoot)?.Reload();
                SummaryPublisherOptions publisher = RuntimeConfiguration.Publisher(_configuration);
                ControlServerOptions control = RuntimeConfiguration.Control(_configuration);
                EgressSecurityOptions security = RuntimeConfiguration.Security(_configuration);
                string? unchangeable = Unchangeable(publisher, control, security);
                if (unchangeable is not null)
                {
                    return Refuse($"{unchangeable} cannot change while running; restart EdgeMer to apply it");
                }

                next = LoadSetup();
            }
            catch (Exception e) when (e is RuntimeConfigurationException or InvalidDataException or FormatException or InvalidOperationException)
            {
                return Refuse(e.Message);
            }

            RuntimeSetup previous = Interlocked.Exchange(ref _setup, next)!;
            if (next.AllowList is not null)
            {
                _zap?.ReplaceAllowList(next.AllowList);
            }

            previous.Dispose();
            LogReloaded(_logger, next.Profile.Id, next.Models.Count);
            return new ReloadResult(true, $"reloaded: profile {next.Profile.Id}, {next.Models.Count} models on {next.Provider}");
        }
    }

    private double UptimeSeconds => _time.GetElapsedTime(_startedAt).TotalSeconds;

    private void PublishHealth()
    {
        RuntimeSetup setup = Setup;
        var models = new ModelVersion[setup.Models.Count];
        for (int i = 0; i < models.Length; i++)
        {
            // The file's digest is the version: it changes exactly when the model does.
            models[i] = new ModelVersion(setup.Models[i].Id, setup.Models[i].Sha256[..16]);
        }

        var health = new HealthReport(
            _time.GetUtcNow(),
            UptimeSeconds,
            _privacy.State == PrivacyState.Paused,
            ExecutionProviderNames.Of(setup.Provider),
            [],
            models);
        if (!Publisher.TryPublish(health))
        {
            LogHealthDropped(_logger);
        }
    }

    private RuntimeSetup LoadSetup()
    {
        RuntimeOptions runtime;
        EgressSecurityOptions security;
        try
        {
            runtime = RuntimeConfiguration.Runtime(_configuration);
            security = RuntimeConfiguration.Security(_configuration);
        }
        catch (InvalidOperationException e)
        {
            throw new RuntimeConfigurationException(e.Message, e);
        }

        // ONNX Runtime allows one environment per process: its thread pools are sized by the profile
        // the runtime starts with; a reload to another profile keeps them.
        return RuntimeSetup.Load(
            runtime,
            security,
            profile => InferenceEnvironment.GetOrInitialize(
                new InferenceEnvironmentOptions { GlobalThreadPools = DeviceInferenceSettings.ThreadPools(profile) }, _loggerFactory));
    }

    private string? Unchangeable(SummaryPublisherOptions publisher, ControlServerOptions control, EgressSecurityOptions security)
    {
        if (publisher.DeviceId != _publisherOptions!.DeviceId || !publisher.Endpoints.SequenceEqual(_publisherOptions.Endpoints))
        {
            return $"{SummaryPublisherOptions.Section} (device id or endpoints)";
        }

        if (control.Endpoint != _controlOptions!.Endpoint)
        {
            return $"{ControlServerOptions.Section}:Endpoint";
        }

        return security.CurveEnabled != (Setup.AllowList is not null) ? $"{EgressSecurityOptions.Section} (CURVE on or off)" : null;
    }

    private ReloadResult Refuse(string reason)
    {
        LogReloadRefused(_logger, reason);
        return new ReloadResult(false, reason);
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

    private void StopMessaging()
    {
        _control?.Dispose();
        _publisher?.Dispose();
        _zap?.Dispose();
        _context?.Dispose();
    }
}
