using System.CommandLine;
using EdgeMer.Runtime;
using EdgeMer.Runtime.Configuration;
using Microsoft.Extensions.Hosting;

namespace EdgeMer.Host.Commands;

/// <summary><c>edgemer run</c>: the EdgeMer runtime as a long-running service (systemd <c>Type=notify</c>).</summary>
internal static class RunCommand
{
    /// <summary>Exit code for a start refused on bad input (configuration, profile, models, keys, endpoints).</summary>
    public const int ConfigurationError = 2;

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
            TextWriter error = parseResult.InvocationConfiguration.Error;
            try
            {
                using IHost host = BuildHost(parseResult.GetRequiredValue(config), [.. parseResult.UnmatchedTokens]);
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (RuntimeStartFailure.TryDescribe(e, out string message))
            {
                await error.WriteLineAsync($"edgemer run: {message.Replace(Environment.NewLine, $"{Environment.NewLine}edgemer run: ", StringComparison.Ordinal)}").ConfigureAwait(false);
                return ConfigurationError;
            }
        });
        return command;
    }

    /// <summary>The host <c>edgemer run</c> runs (<see cref="EdgeMerHost.CreateBuilder"/>).</summary>
    public static IHost BuildHost(string configFile, string[] overrides) => EdgeMerHost.CreateBuilder(configFile, overrides).Build();
}
