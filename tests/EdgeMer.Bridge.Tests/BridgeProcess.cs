using EdgeMer.Testing;

namespace EdgeMer.Bridge.Tests;

/// <summary><c>edgemer bridge --config FILE</c> as a user or systemd starts it.</summary>
internal static class BridgeProcess
{
    public static ServiceProcess Start(string config) =>
        ServiceProcess.Start(TestPrograms.Dotnet, [Path.Combine(AppContext.BaseDirectory, "edgemer.dll"), "bridge", "--config", config]);
}
