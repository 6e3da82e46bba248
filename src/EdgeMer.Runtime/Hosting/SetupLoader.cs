using EdgeMer.Devices;
using EdgeMer.Inference;
using EdgeMer.Runtime.Configuration;
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
    private readonly ILoggerFactory _loggerFactory;

    public SetupLoader(ActiveSetup active, IOptions<RuntimeOptions> runtime, IOptions<EgressSecurityOptions> security, ILoggerFactory loggerFactory)
    {
        _active = active;
        _runtime = runtime;
        _security = security;
        _loggerFactory = loggerFactory;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _active.Install(Load(_runtime.Value, _security.Value));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _active.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Loads a setup from validated options; throws <see cref="RuntimeConfigurationException"/> naming the problem.</summary>
    internal RuntimeSetup Load(RuntimeOptions runtime, EgressSecurityOptions security) =>
        RuntimeSetup.Load(
            runtime,
            security,
            profile => InferenceEnvironment.GetOrInitialize(
                new InferenceEnvironmentOptions { GlobalThreadPools = DeviceInferenceSettings.ThreadPools(profile) }, _loggerFactory));
}
