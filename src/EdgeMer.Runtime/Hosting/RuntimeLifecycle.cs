using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Hosting;

/// <summary>Says in the log when the whole runtime is up (with what it runs and where it listens) and when it has stopped.</summary>
public sealed partial class RuntimeLifecycle : IHostedService
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ActiveSetup _setup;
    private readonly Egress _egress;
    private readonly ControlService _control;
    private readonly ILogger _logger;
    private readonly List<CancellationTokenRegistration> _registrations = [];

    public RuntimeLifecycle(IHostApplicationLifetime lifetime, ActiveSetup setup, Egress egress, ControlService control, ILogger<RuntimeLifecycle> logger)
    {
        _lifetime = lifetime;
        _setup = setup;
        _egress = egress;
        _control = control;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(_lifetime.ApplicationStarted.Register(AnnounceRunning));
        _registrations.Add(_lifetime.ApplicationStopped.Register(() => LogStopped(_logger)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void AnnounceRunning()
    {
        RuntimeSetup setup = _setup.Current;
        string security = setup.AllowList is null ? "plain" : $"CURVE, {setup.AllowList.Count} allowed clients";
        string provider = setup.ProviderId;
        string endpoints = string.Join(", ", _egress.Publisher.Endpoints);
        LogRunning(_logger, setup.Profile.Id, setup.Models.Count, provider, endpoints, _control.Endpoint, security);
    }
}
