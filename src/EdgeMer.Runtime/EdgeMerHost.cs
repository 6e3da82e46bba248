using EdgeMer.Runtime.Configuration;
using EdgeMer.Runtime.Updates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime;

/// <summary>The host <c>edgemer run</c> runs: its configuration sources, logging, systemd integration and the runtime.</summary>
public static class EdgeMerHost
{
    /// <summary>
    /// A host builder with configuration from <paramref name="configFile"/>, <c>EDGEMER_</c>
    /// environment variables, <paramref name="overrides"/> and, with updates on, the live model set's
    /// configuration (later sources win: <see cref="ModelSetConfiguration"/>), console logging
    /// that journald reads, systemd notifications when systemd started the process, and the runtime
    /// (<see cref="RuntimeServiceCollectionExtensions.AddEdgeMer"/>). Throws
    /// <see cref="RuntimeConfigurationException"/> when the configuration file cannot be read.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string configFile, IReadOnlyList<string> overrides)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddEdgeMerSources(configFile, overrides);

        // With updates on, the live model set's configuration (a bundle's config/edgemer.json) on top.
        builder.Configuration.AddModelSetConfiguration();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });

        // Under systemd: READY/STOPPING notifications, and journald's own log format (priorities, no stamps or colours).
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddEdgeMer();
        return builder;
    }
}
