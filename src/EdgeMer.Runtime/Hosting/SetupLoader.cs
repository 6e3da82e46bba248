using EdgeMer.Devices;
using EdgeMer.Inference;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Runtime.Sensing;
using EdgeMer.Runtime.Updates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// Loads the setup (device profile, models, allow-list) before anything that uses it starts, and
/// loads the next one for a reload. ONNX Runtime allows one environment per process: its thread pools
/// are sized by the profile the runtime starts with, and a reload to another profile keeps them.
/// </summary>
public sealed class SetupLoader : IHostedService
{
    private readonly ActiveSetup _active;
    private readonly IOptions<RuntimeOptions> _runtime;
    private readonly IOptions<EgressSecurityOptions> _security;
    private readonly IOptions<SensingOptions> _sensing;
    private readonly IOptions<FusionSettings> _fusion;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ModelSetLayout _layout;

    public SetupLoader(
        ActiveSetup active,
        IOptions<RuntimeOptions> runtime,
        IOptions<EgressSecurityOptions> security,
        IOptions<SensingOptions> sensing,
        IOptions<FusionSettings> fusion,
        ModelSetLayout layout,
        ILoggerFactory loggerFactory)
    {
        _active = active;
        _layout = layout;
        _runtime = runtime;
        _security = security;
        _sensing = sensing;
        _fusion = fusion;
        _loggerFactory = loggerFactory;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _active.Install(Load(_runtime.Value, _security.Value, _sensing.Value, _fusion.Value));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _active.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Loads a setup from validated settings, its models from <paramref name="set"/> (a model set
    /// folder) or else from the live set where updates put one; throws
    /// <see cref="RuntimeConfigurationException"/> naming the problem.
    /// </summary>
    internal RuntimeSetup Load(RuntimeSettings settings, string? set = null) => Load(settings.Runtime, settings.Security, settings.Sensing, settings.Fusion, set);

    private RuntimeSetup Load(RuntimeOptions runtime, EgressSecurityOptions security, SensingOptions sensing, FusionSettings fusion, string? set = null) =>
        RuntimeSetup.Load(
            _layout.Apply(runtime, set),
            security,
            profile => InferenceEnvironment.GetOrInitialize(
                new InferenceEnvironmentOptions { GlobalThreadPools = DeviceInferenceSettings.ThreadPools(profile) }, _loggerFactory),
            sensing,
            fusion);
}
