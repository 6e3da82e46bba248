using EdgeMer.Affect;
using System.Text.RegularExpressions;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Runtime.Sensing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// Reloads the configuration, profile, models, allow-list and the sensing and fusion settings, from
/// whatever asked (the control socket, SIGHUP): one at a time, whole or not at all. Any failure, of any kind, leaves the running
/// setup as it was and is reported, never thrown: a reload must not be able to end the service.
/// </summary>
public sealed partial class ReloadCoordinator
{
    private readonly IConfiguration _configuration;
    private readonly ActiveSetup _active;
    private readonly SetupLoader _loader;
    private readonly IOptions<SummaryPublisherOptions> _publisher;
    private readonly IOptions<ControlServerOptions> _control;
    private readonly IOptions<EgressSecurityOptions> _security;
    private readonly ISystemdNotifier? _systemd;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    public ReloadCoordinator(
        IConfiguration configuration,
        ActiveSetup active,
        SetupLoader loader,
        IOptions<SummaryPublisherOptions> publisher,
        IOptions<ControlServerOptions> control,
        IOptions<EgressSecurityOptions> security,
        ILogger<ReloadCoordinator> logger,
        ISystemdNotifier? systemd = null)
    {
        _configuration = configuration;
        _active = active;
        _loader = loader;
        _publisher = publisher;
        _control = control;
        _security = security;
        _logger = logger;
        _systemd = systemd;
    }

    /// <summary>Reloads; the result says whether it took effect and, if not, why. Never throws.</summary>
    /// <param name="trigger">What asked (for the log): <c>control</c>, <c>SIGHUP</c>.</param>
    public ReloadResult Reload(string trigger)
    {
        lock (_gate)
        {
            _systemd?.Notify(new ServiceState("RELOADING=1"));
            try
            {
                return ReloadLocked(trigger);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever went wrong (a config file that vanished or became a folder, a model that
                // cannot load, a bug), the running setup was not touched.
                return Refuse(trigger, e.Message);
            }
            finally
            {
                _systemd?.Notify(ServiceState.Ready);
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> while no reload runs (a model update installing its setup).</summary>
    internal T Exclusive<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_gate)
        {
            return action();
        }
    }

    /// <summary>
    /// The reason as a control client may see it: file-system paths reduced to their last part, so a
    /// refusal does not map the device's folders for a remote peer (the log keeps the whole reason).
    /// </summary>
    internal static string ForClient(string reason) => AbsolutePath().Replace(reason, match => Path.GetFileName(match.Value.TrimEnd('/')) is { Length: > 0 } name ? name : match.Value);

    private ReloadResult ReloadLocked(string trigger)
    {
        (_configuration as IConfigurationRoot)?.Reload();
        RuntimeSettings next;
        try
        {
            next = RuntimeSettings.Read(_configuration);
        }
        catch (OptionsValidationException e)
        {
            return Refuse(trigger, string.Join("; ", e.Failures));
        }

        if (Unchangeable(next) is { } unchangeable)
        {
            return Refuse(trigger, unchangeable);
        }

        RuntimeSetup setup = _loader.Load(next);
        if (_active.IsLoaded && Unchangeable(_active.Current, setup) is { } fixedAtStart)
        {
            setup.Dispose();
            return Refuse(trigger, fixedAtStart);
        }

        _active.Install(setup)?.Dispose();
        LogReloaded(_logger, trigger, setup.Profile.Id, setup.Models.Count);
        return new ReloadResult(true, $"reloaded: profile {setup.Profile.Id}, {setup.Models.Count} models on {setup.ProviderId}");
    }

    /// <summary>
    /// Why <paramref name="next"/> cannot be applied while running, or null: it moves an endpoint, the
    /// device id or turns CURVE on or off, which the sockets bound at start fix.
    /// </summary>
    internal string? Unchangeable(RuntimeSettings next)
    {
        SummaryPublisherOptions publisher = _publisher.Value;
        string? key = null;
        if (next.Publisher.DeviceId != publisher.DeviceId || !next.Publisher.Endpoints.SequenceEqual(publisher.Endpoints))
        {
            key = $"{SummaryPublisherOptions.Section} (device id or endpoints)";
        }
        else if (next.Control.Endpoint != _control.Value.Endpoint)
        {
            key = $"{ControlServerOptions.Section}:Endpoint";
        }
        else if (next.Security.CurveEnabled != _security.Value.CurveEnabled)
        {
            key = $"{EgressSecurityOptions.Section} (CURVE on or off)";
        }

        return key is null ? null : $"{key} cannot change while running; restart EdgeMer to apply it";
    }

    /// <summary>
    /// Why <paramref name="next"/> cannot replace <paramref name="running"/> while the service runs, or
    /// null: what was fixed at start by the loaded setup, the purpose sensing fuses under (and the
    /// purpose policy limits), the GPIO lines opened once (<see cref="GpioService"/>), and which
    /// modalities sensing runs (<see cref="SensingService.SourceProblem"/>).
    /// </summary>
    internal static string? Unchangeable(RuntimeSetup running, RuntimeSetup next)
    {
        if (next.Profile.Purpose != running.Profile.Purpose)
        {
            return $"the device profile's purpose ({Purposes.Name(running.Profile.Purpose)} to {Purposes.Name(next.Profile.Purpose)}) cannot change while running; restart EdgeMer to apply it";
        }

        if (!Equals(running.Profile.Gpio, next.Profile.Gpio))
        {
            return "the device profile's gpio lines cannot change while running; restart EdgeMer to apply them";
        }

        return SensingService.SourceProblem(running, next);
    }

    private ReloadResult Refuse(string trigger, string reason)
    {
        LogReloadRefused(_logger, trigger, reason);
        return new ReloadResult(false, ForClient(reason));
    }

    [GeneratedRegex(@"(?<![\w.:/])/[^\s'"":;,()]+")]
    private static partial Regex AbsolutePath();
}
