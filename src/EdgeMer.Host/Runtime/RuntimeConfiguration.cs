using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Publishing;
using Microsoft.Extensions.Configuration;

namespace EdgeMer.Host.Runtime;

/// <summary>
/// Reads each component's options from configuration. One method per type, because the compile-time
/// binding generator (Native AOT) binds concrete types only.
/// </summary>
internal static class RuntimeConfiguration
{
    public static RuntimeOptions Runtime(IConfiguration configuration)
    {
        var options = new RuntimeOptions();
        configuration.GetSection(RuntimeOptions.Section).Bind(options);
        return options;
    }

    public static EgressSecurityOptions Security(IConfiguration configuration)
    {
        var options = new EgressSecurityOptions();
        configuration.GetSection(EgressSecurityOptions.Section).Bind(options);
        return options;
    }

    public static SummaryPublisherOptions Publisher(IConfiguration configuration)
    {
        var options = new SummaryPublisherOptions();
        configuration.GetSection(SummaryPublisherOptions.Section).Bind(options);
        return options;
    }

    public static ControlServerOptions Control(IConfiguration configuration)
    {
        var options = new ControlServerOptions();
        configuration.GetSection(ControlServerOptions.Section).Bind(options);
        return options;
    }
}
