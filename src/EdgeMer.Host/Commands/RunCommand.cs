using System.CommandLine;
using EdgeMer.Host.Runtime;
using EdgeMer.Affect;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Host.Commands;

/// <summary><c>edgemer run</c>: the EdgeMer runtime as a long-running service (systemd <c>Type=notify</c>).</summary>
internal static class RunCommand
{
    /// <summary>Environment variables with this prefix override configuration keys (<c>EDGEMER_EdgeMer__Profile</c>).</summary>
    public const string EnvironmentPrefix = "EDGEMER_";

    public static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "JSON configuration file.",
            DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "edgemer.json"),
        };
        var command = new Command("run", "Run EdgeMer: load the models on the device's providers, publish summaries and health, serve the control socket. Further --Section:Key=value arguments override the configuration.")
        {
            config,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string[] overrides = [.. parseResult.UnmatchedTokens];
            using IHost host = BuildHost(parseResult.GetRequiredValue(config), overrides);
            try
            {
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (RuntimeConfigurationException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"edgemer run: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    /// <summary>
    /// The host: configuration from <paramref name="configFile"/>, then <c>EDGEMER_</c> environment
    /// variables, then <paramref name="overrides"/> (later sources win); console logging that journald reads.
    /// </summary>
    public static IHost BuildHost(string configFile, string[] overrides, Action<HostApplicationBuilder>? configure = null)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(overrides);

        SystemdNotifier systemd = SystemdNotifier.FromEnvironment();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            // journald stamps and colours lines itself.
            console.TimestampFormat = systemd.Enabled ? null : "HH:mm:ss.fff ";
            console.ColorBehavior = systemd.Enabled ? Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Disabled : Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Default;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(systemd);
        builder.Services.AddSingleton<PrivacySwitch>();
        builder.Services.AddSingleton<IPrivacySwitch>(services => services.GetRequiredService<PrivacySwitch>());
        builder.Services.AddSingleton<EdgeMerService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EdgeMerService>());
        configure?.Invoke(builder);
        return builder.Build();
    }
}
