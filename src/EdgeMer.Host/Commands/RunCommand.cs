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
        var source = new Option<string?>("--source")
        {
            Description = "The camera or video to sense (/dev/video0, a video file, an image or a folder); sets Sensing:Video.",
        };
        var audio = new Option<string?>("--audio")
        {
            Description = "The microphone or sound to sense (alsa:DEVICE, pulse:DEVICE, a sound file, or a video's sound track); sets Sensing:Audio.",
        };
        var loop = new Option<bool>("--loop") { Description = "Play files (video, images, sound) again when they end; sets Sensing:Loop." };
        var duration = new Option<double>("--duration") { Description = "Stop after this many seconds (0: until SIGTERM or Ctrl+C), publishing the last summary first." };
        duration.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 31_536_000 or double.NaN)
            {
                result.AddError("--duration must be from 0 to 31536000 seconds");
            }
        });
        var command = new Command("run", "Run EdgeMer: sense the configured camera or video and microphone or sound, publish fused summaries, alerts and health, serve the control socket. Further --Section:Key=value arguments override the configuration.")
        {
            config, source, audio, loop, duration,
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

                using IHost host = BuildHost(parseResult.GetRequiredValue(config), [.. overrides]);
                double seconds = parseResult.GetValue(duration);
                using var limit = seconds > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : new CancellationTokenSource();
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
                await host.RunAsync(stop.Token).ConfigureAwait(false);
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
