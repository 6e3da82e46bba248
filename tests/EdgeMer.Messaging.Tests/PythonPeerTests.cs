using System.Diagnostics;
using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Testing;

namespace EdgeMer.Messaging.Tests;

/// <summary>
/// Interop with an implementation EdgeMer shares no code with: Debian's python3-zmq subscribes and
/// python3-jsonschema validates every message against docs/schema.
/// </summary>
public sealed class PythonPeerTests : IDisposable
{
    private readonly ZmqContext _context = new();
    private readonly string _keys = Directory.CreateTempSubdirectory("edgemer-peer-").FullName;

    public void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_keys, recursive: true);
    }

    [Fact]
    public void A_python3_zmq_subscriber_validates_summaries_alerts_and_health_against_the_schema()
    {
        using var publisher = new SummaryPublisher(_context, SummaryPublisherTests.Options(), new PrivacySwitch());

        PeerRun run = RunPeer(publisher, "--endpoint", publisher.Endpoints[0], "--count", "9");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("valid emotion.summary", run.Output, StringComparison.Ordinal);
        Assert.Contains("valid emotion.alert", run.Output, StringComparison.Ordinal);
        Assert.Contains("valid health", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_python3_zmq_CURVE_subscriber_with_allow_listed_keys_from_edgemer_key_files_is_served()
    {
        (CurveKeyPair server, string serverPublic, string clientSecret, ZapHandler zap) = SecureSetup(allowClient: true);
        using (zap)
        using (var publisher = new SummaryPublisher(_context, SummaryPublisherTests.Options(), new PrivacySwitch(), new CurveServerSecurity(server, zap)))
        {
            PeerRun run = RunPeer(publisher, "--endpoint", publisher.Endpoints[0], "--count", "6", "--server-key", serverPublic, "--client-keys", clientSecret);

            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("valid emotion.summary", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_python3_zmq_CURVE_subscriber_that_is_not_allow_listed_receives_nothing()
    {
        (CurveKeyPair server, string serverPublic, string clientSecret, ZapHandler zap) = SecureSetup(allowClient: false);
        using (zap)
        using (var publisher = new SummaryPublisher(_context, SummaryPublisherTests.Options(), new PrivacySwitch(), new CurveServerSecurity(server, zap)))
        {
            PeerRun run = RunPeer(publisher, "--endpoint", publisher.Endpoints[0], "--expect-nothing", "--timeout", "1", "--server-key", serverPublic, "--client-keys", clientSecret);

            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("nothing received", run.Output, StringComparison.Ordinal);
            Assert.True(zap.Refused >= 1);
        }
    }

    private (CurveKeyPair Server, string ServerPublic, string ClientSecret, ZapHandler Zap) SecureSetup(bool allowClient)
    {
        CurveKeyPair server = CurveKeyPair.Generate();
        CurveKeyPair client = CurveKeyPair.Generate();
        (string serverPublic, _) = CurveKeyFile.Write(server, _keys, "device");
        (_, string clientSecret) = CurveKeyFile.Write(client, _keys, "python-peer");
        var allowList = new ClientAllowList(allowClient ? [new("python-peer", client.PublicKey)] : []);
        return (server, serverPublic, clientSecret, new ZapHandler(_context, allowList, "edgemer"));
    }

    // The peer runs while the test publishes (its subscription arrives at an unknown time), so it is
    // driven here rather than run to completion.
    private static PeerRun RunPeer(SummaryPublisher publisher, params string[] arguments)
    {
        string schema = Path.Combine(RepoPaths.Root, "docs", "schema", "edgemer-messages.v1.schema.json");
        string script = Path.Combine(AppContext.BaseDirectory, "peers", "subscribe.py");
        var start = new ProcessStartInfo(TestPrograms.DebianPython)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in (string[])[script, "--schema", schema, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Publish a round of every message type until the peer has what it needs and exits
        // (its subscription takes an unknown time to arrive; messages before that are not delivered).
        long deadline = Environment.TickCount64 + 30_000;
        while (!process.WaitForExit(25))
        {
            if (Environment.TickCount64 > deadline)
            {
                process.Kill();
                process.WaitForExit();
                return new PeerRun(-1, output + "\n(timed out)");
            }

            publisher.TryPublish(WireSamples.FullSummary());
            publisher.TryPublish(WireSamples.Alert());
            publisher.TryPublish(WireSamples.Health());
        }

        process.WaitForExit();
        lock (output)
        {
            return new PeerRun(process.ExitCode, output.ToString());
        }
    }

    private sealed record PeerRun(int ExitCode, string Output);
}
