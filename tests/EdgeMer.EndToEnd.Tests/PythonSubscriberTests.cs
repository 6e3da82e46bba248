using System.Text.RegularExpressions;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.EndToEnd.Tests;

/// <summary>
/// An independent subscriber (Debian's python3-zmq and python3-jsonschema, not EdgeMer's code)
/// reading <c>edgemer run</c> sensing the sample clip and speech: summaries, alerts and health, every
/// one schema-valid.
/// </summary>
public sealed partial class PythonSubscriberTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgemer-python-peer-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_python_subscriber_gets_schema_valid_summaries_alerts_and_health_from_edgemer_run()
    {
        EdgemerRunSetup run = EdgemerRunSetup.Write(_directory);
        using ServiceProcess edgemer = ServiceProcess.Start(TestPrograms.Dotnet, run.Arguments);
        string announced = edgemer.WaitForLine(line => AnnouncedEndpoint().IsMatch(line))
            ?? throw new InvalidOperationException($"edgemer run never said where it publishes:\n{edgemer.Output}");
        string endpoint = AnnouncedEndpoint().Match(announced).Groups[1].Value;

        // The alert the sample clip brings: its angry face, held for long enough, is distress.
        ExternalProgramResult peer = ExternalProgram.Run(
            TestPrograms.DebianPython,
            [
                Path.Combine(AppContext.BaseDirectory, "peers", "subscribe.py"),
                "--endpoint", endpoint,
                "--schema", Path.Combine(RepoPaths.Root, "docs", "schema", "edgemer-messages.v1.schema.json"),
                "--count", "50",
                "--require", "emotion.summary,emotion.alert,health",
                "--timeout", "120",
            ],
            TimeSpan.FromMinutes(3));

        Assert.True(peer.ExitCode == 0, $"the python subscriber exited {peer.ExitCode}:\n{peer.StandardOutput}\n{peer.StandardError}\nedgemer run:\n{edgemer.Output}");
        string[] valid = [.. peer.StandardOutput.Split('\n').Where(l => l.StartsWith("valid ", StringComparison.Ordinal))];
        Assert.True(valid.Length >= 50, $"{valid.Length} valid messages");
        Assert.All((string[])["emotion.summary", "emotion.alert", "health"], topic => Assert.Contains(valid, l => l.StartsWith($"valid {topic} ", StringComparison.Ordinal)));
        Assert.DoesNotContain(peer.StandardOutput.Split('\n'), l => l.StartsWith("invalid", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"Publishing summaries on (tcp://\S+)")]
    private static partial Regex AnnouncedEndpoint();
}
