using System.CommandLine;
using System.Runtime.InteropServices;
using EdgeMer.Bridge;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Runtime.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Host.Commands;

/// <summary>
/// <c>edgemer bridge --config FILE</c>: carry one or many devices' summaries, alerts and health from
/// their ZeroMQ publishers into an MQTT broker (docs/bridge.md), until SIGTERM or Ctrl+C.
/// </summary>
internal static class BridgeCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "JSON configuration file with a Bridge section (docs/bridge.md).",
            Required = true,
        };
        var command = new Command("bridge", "Subscribe to devices' ZeroMQ publishers and publish their summaries, alerts and health to an MQTT broker; alerts wait on disk while the broker is away. Further --Bridge:Key=value arguments override the configuration.")
        {
            config,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            BridgeOptions options;
            IConfigurationRoot configuration;
            try
            {
                configuration = new ConfigurationBuilder().AddEdgeMerSources(parse.GetRequiredValue(config), [.. parse.UnmatchedTokens]).Build();
                var problems = new List<string>(ConfigurationShape.CheckSections(configuration, [BridgeOptions.Section], ["Logging"]));
                problems.AddRange(ConfigurationShape.Check(configuration.GetSection(BridgeOptions.Section), BridgeOptionsShapeJsonContext.Default.BridgeOptions));
                if (problems.Count > 0)
                {
                    throw new OptionsValidationException(BridgeOptions.Section, typeof(BridgeOptions), problems);
                }

                options = configuration.GetSection(BridgeOptions.Section).Get<BridgeOptions>() ?? new BridgeOptions();

                // Under systemd with StateDirectory=, the queue goes there unless configured.
                if (string.IsNullOrEmpty(options.AlertQueue.Directory) && Environment.GetEnvironmentVariable("STATE_DIRECTORY") is { Length: > 0 } state)
                {
                    options.AlertQueue.Directory = Path.Combine(state.Split(':')[0], "alerts");
                }
            }
            catch (Exception e) when (e is RuntimeConfigurationException or OptionsValidationException or InvalidOperationException)
            {
                await WriteProblemAsync(error, e).ConfigureAwait(false);
                return RunCommand.ConfigurationError;
            }

            using ILoggerFactory logging = LoggerFactory.Create(builder =>
            {
                builder.AddConfiguration(configuration.GetSection("Logging"));
                if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 })
                {
                    builder.AddSystemdConsole();
                }
                else
                {
                    builder.AddSimpleConsole(console =>
                    {
                        console.SingleLine = true;
                        console.TimestampFormat = "HH:mm:ss.fff ";
                    });
                }
            });
            ILogger logger = logging.CreateLogger("EdgeMer.Bridge");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using PosixSignalRegistration onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            MqttBridge bridge;
            try
            {
                bridge = MqttBridge.Start(options, logger);
            }
            catch (Exception e) when (e is OptionsValidationException or IOException or UnauthorizedAccessException or InvalidDataException
                or System.Security.Cryptography.CryptographicException or CurveKeyFileException or ZmqException)
            {
                await WriteProblemAsync(error, e).ConfigureAwait(false);
                return RunCommand.ConfigurationError;
            }

            await using (bridge.ConfigureAwait(false))
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return 0;
        });
        return command;
    }

    private static Task WriteProblemAsync(TextWriter error, Exception e) =>
        error.WriteLineAsync($"edgemer bridge: {e.Message.Replace(Environment.NewLine, $"{Environment.NewLine}edgemer bridge: ", StringComparison.Ordinal).Replace("; ", $"{Environment.NewLine}edgemer bridge: ", StringComparison.Ordinal)}");
}
