using System.CommandLine;
using EdgeMer.Runtime;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
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
        var source = new Option<string?>("--source")
        {
            Description = "The camera or video to sense (/dev/video0, a video file, an image or a folder); sets Sensing:Video.",
        };
        var audio = new Option<string?>("--audio")
        {
            Description = "The microphone or sound to sense (alsa:DEVICE, pulse:DEVICE, a sound file, or a video's sound track); sets Sensing:Audio.",
        };
        var loop = new Option<bool>("--loop") { Description = "Play files (video, images, sound) again when they end; sets Sensing:Loop." };
        var view = new Option<string>("--view")
        {
            Description = "live: draw the summaries, health and alerts it publishes, redrawn in place (the log then shows warnings and errors only); lines: the log only; auto: live when the output is a terminal and systemd did not start it.",
            DefaultValueFactory = _ => "auto",
        };
        view.AcceptOnlyFromAmong("auto", "live", "lines");
        var duration = new Option<double>("--duration") { Description = "Stop after running this many seconds, counted once the service has started (0: until SIGTERM or Ctrl+C), publishing the last summary first." };
        duration.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 31_536_000 or double.NaN)
            {
                result.AddError("--duration must be from 0 to 31536000 seconds");
            }
        });
        var command = new Command("run", "Run EdgeMer: sense the configured camera or video and microphone or sound, publish fused summaries, alerts and health, serve the control socket. Further --Section:Key=value arguments override the configuration.")
        {
            config, source, audio, loop, duration, view,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TextWriter error = parseResult.InvocationConfiguration.Error;
            try
            {
                var overrides = new List<string>(parseResult.UnmatchedTokens);
                if (parseResult.GetValue(source) is { } video)
                {
                    overrides.Add($"--Sensing:Video={video}");
                }

                if (parseResult.GetValue(audio) is { } sound)
                {
                    overrides.Add($"--Sensing:Audio={sound}");
                }

                if (parseResult.GetValue(loop))
                {
                    overrides.Add("--Sensing:Loop=true");
                }

                // Under systemd the output is the journal, never a terminal to draw on.
                bool live = Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is null && ListenCommand.IsLive(parseResult.GetValue(view)!);
                if (live)
                {
                    overrides.Add("--Logging:LogLevel:Default=Warning");
                }

                using IHost host = BuildHost(parseResult.GetRequiredValue(config), [.. overrides]);
                await host.StartAsync(cancellationToken).ConfigureAwait(false);

                // --duration counts from the moment the service runs, however long its models took to load;
                // Ctrl+C and SIGTERM (the application stopping) end it sooner.
                double seconds = parseResult.GetValue(duration);
                using var limit = seconds > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : new CancellationTokenSource();
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(
                    cancellationToken, limit.Token, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
                if (live)
                {
                    await Task.Factory.StartNew(() => ShowLive(host.Services.GetRequiredService<Egress>(), error, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }

                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
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

    /// <summary>
    /// Subscribes to the service's own publisher in this process, as any subscriber would (so the view
    /// shows exactly what leaves the device), and draws the live view until stopped. With CURVE on,
    /// only allow-listed keys are served, this process's view among none of them: it says so and the
    /// service runs on without it.
    /// </summary>
    private static void ShowLive(Egress egress, TextWriter error, CancellationToken stopped)
    {
        if (egress.Security is not null)
        {
            error.WriteLine("edgemer run: the live view is off: the publisher serves CURVE clients only; watch it with edgemer listen --server-key --client-keys");
            stopped.WaitHandle.WaitOne();
            return;
        }

        using ZmqSocket sub = egress.Context.CreateSocket(ZmqSocketType.Sub);
        sub.Subscribe("");
        sub.Connect(Reachable(egress.Publisher.Endpoints[0]));
        ListenCommand.ShowLive(sub, () => !stopped.IsCancellationRequested);
    }

    /// <summary>A bound endpoint as a local subscriber connects to it: a wildcard address becomes loopback.</summary>
    internal static string Reachable(string bound) =>
        bound.Replace("tcp://0.0.0.0:", "tcp://127.0.0.1:", StringComparison.Ordinal)
            .Replace("tcp://*:", "tcp://127.0.0.1:", StringComparison.Ordinal)
            .Replace("tcp://[::]:", "tcp://[::1]:", StringComparison.Ordinal);

    /// <summary>The host <c>edgemer run</c> runs (<see cref="EdgeMerHost.CreateBuilder"/>).</summary>
    public static IHost BuildHost(string configFile, string[] overrides) => EdgeMerHost.CreateBuilder(configFile, overrides).Build();
}
