using EdgeMer.Affect;
using EdgeMer.Gpio;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Runtime.Hosting;
using EdgeMer.Runtime.Sensing;
using EdgeMer.Runtime.Updates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime;

/// <summary>Registers the EdgeMer runtime in a host.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime: each component's options bound from configuration, shape-checked and
    /// validated at start (a bad key stops the start with a message naming it), and the hosted
    /// services in the order they start: an interrupted model update resolved, the privacy switch's
    /// last position, the setup (profile, models, allow-list), the profile's GPIO lines
    /// (privacy input, alert LED and buzzer), egress, the control socket, SIGHUP reload, health,
    /// sensing (capture, the face pipeline and fusion, publishing through <see cref="ISummarySink"/>,
    /// which hands alerts to the GPIO outputs too), the update inbox. They stop in reverse, so
    /// sensing's last summary still goes out.
    /// </summary>
    public static IServiceCollection AddEdgeMer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Each section is checked against its options type before it is bound, so a typo, a value
        // where a list belongs or a value that does not convert is a validation failure naming the
        // key, not a silent default or a binder exception. Runtime options also check the top level.
        services.AddOptions<RuntimeOptions>()
            .Configure<IConfiguration>((_, configuration) => ThrowIfMisshapen(configuration, RuntimeOptions.Section, [.. RuntimeSettings.TopLevelProblems(configuration), .. RuntimeSettings.SectionProblems(configuration, RuntimeOptions.Section)]))
            .BindConfiguration(RuntimeOptions.Section)
            .ValidateOnStart();
        services.AddOptions<SummaryPublisherOptions>()
            .Configure<IConfiguration>((_, configuration) => ThrowIfMisshapen(configuration, SummaryPublisherOptions.Section))
            .BindConfiguration(SummaryPublisherOptions.Section)
            .ValidateOnStart();
        services.AddOptions<ControlServerOptions>()
            .Configure<IConfiguration>((_, configuration) => ThrowIfMisshapen(configuration, ControlServerOptions.Section))
            .BindConfiguration(ControlServerOptions.Section)
            .PostConfigure(RuntimeSettings.ApplyDefaults)
            .ValidateOnStart();
        services.AddOptions<EgressSecurityOptions>()
            .Configure<IConfiguration>((_, configuration) => ThrowIfMisshapen(configuration, EgressSecurityOptions.Section))
            .BindConfiguration(EgressSecurityOptions.Section)
            .ValidateOnStart();
        services.AddOptions<SensingOptions>()
            .Configure<IConfiguration>((_, configuration) => ThrowIfMisshapen(configuration, SensingOptions.Section))
            .BindConfiguration(SensingOptions.Section)
            .ValidateOnStart();
        services.AddOptions<FusionSettings>()
            .Configure<IConfiguration>((_, configuration) => ThrowIfMisshapen(configuration, FusionSettings.Section))
            .BindConfiguration(FusionSettings.Section)
            .ValidateOnStart();
        services.AddOptions<FleetOptions>()
            .Configure<IConfiguration>((_, configuration) => ThrowIfMisshapen(configuration, FleetOptions.Section))
            .BindConfiguration(FleetOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RuntimeOptions>, RuntimeOptionsValidator>();
        services.AddSingleton<IValidateOptions<FleetOptions>, FleetOptionsValidator>();
        services.AddSingleton<IValidateOptions<SensingOptions>, SensingOptionsValidator>();
        services.AddSingleton<IValidateOptions<FusionSettings>, FusionSettingsValidator>();
        services.AddSingleton<IValidateOptions<SummaryPublisherOptions>, SummaryPublisherOptionsValidator>();
        services.AddSingleton<IValidateOptions<ControlServerOptions>, ControlServerOptionsValidator>();
        services.AddSingleton<IValidateOptions<ControlServerOptions>, EgressEndpointsValidator>();
        services.AddSingleton<IValidateOptions<EgressSecurityOptions>, EgressSecurityOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Uptime>();
        services.AddSingleton<PrivacySwitch>();
        services.AddSingleton<IPrivacySwitch>(provider => provider.GetRequiredService<PrivacySwitch>());
        services.AddSingleton<ActiveSetup>();
        services.AddSingleton<SetupLoader>();
        services.AddSingleton<ReloadCoordinator>();
        services.AddSingleton<PrivacyPersistence>();
        services.AddSingleton<Egress>();
        services.AddSingleton<GpioDriverFactory>(GpioChips.OpenDriver);
        services.AddSingleton<GpioService>();
        services.AddSingleton<ISummarySink, SignallingSink>();
        services.AddSingleton<ControlService>();
        services.AddSingleton<HangupReload>();
        services.AddSingleton<StageMonitor>();
        services.AddSingleton<HealthService>();
        services.AddSingleton<NativeMemoryTrim>();
        services.AddSingleton<SensingService>();
        services.AddSingleton<RuntimeLifecycle>();
        services.AddSingleton<ServiceWatchdog>();
        services.AddSingleton<ModelSetLayout>();
        services.AddSingleton<ModelUpdater>();
        services.AddSingleton<UpdateRecovery>();
        services.AddSingleton<UpdateInbox>();

        // An interrupted update is resolved first: every option read at start then sees the
        // configuration of the set that serves (a bundle's configuration travels with its set).
        services.AddHostedService(provider => provider.GetRequiredService<UpdateRecovery>());
        services.AddHostedService(provider => provider.GetRequiredService<PrivacyPersistence>());
        services.AddHostedService(provider => provider.GetRequiredService<SetupLoader>());
        services.AddHostedService(provider => provider.GetRequiredService<GpioService>());
        services.AddHostedService(provider => provider.GetRequiredService<Egress>());
        services.AddHostedService(provider => provider.GetRequiredService<ControlService>());
        services.AddHostedService(provider => provider.GetRequiredService<HangupReload>());
        services.AddHostedService(provider => provider.GetRequiredService<HealthService>());
        services.AddHostedService(provider => provider.GetRequiredService<NativeMemoryTrim>());
        services.AddHostedService(provider => provider.GetRequiredService<SensingService>());
        services.AddHostedService(provider => provider.GetRequiredService<UpdateInbox>());
        services.AddHostedService(provider => provider.GetRequiredService<RuntimeLifecycle>());
        services.AddHostedService(provider => provider.GetRequiredService<ServiceWatchdog>());
        return services;
    }

    private static void ThrowIfMisshapen(IConfiguration configuration, string section, IReadOnlyList<string>? problems = null)
    {
        problems ??= RuntimeSettings.SectionProblems(configuration, section);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(section, typeof(RuntimeSettings), problems);
        }
    }
}
