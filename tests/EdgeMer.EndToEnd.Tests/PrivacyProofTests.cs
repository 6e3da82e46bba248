using System.Net;
using System.Text;
using EdgeMer.EndToEnd.Tests.Wire;
using EdgeMer.Messaging.Wire;
using EdgeMer.Testing;
using Xunit.Abstractions;

namespace EdgeMer.EndToEnd.Tests;

/// <summary>
/// The architecture's first invariant, shown on the wire: nothing but summaries, alerts and health
/// leaves a device, even while it holds frames and audio in memory and publishes about them.
/// </summary>
public sealed class PrivacyProofTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _directory = Directory.CreateTempSubdirectory("edgemer-proof-").FullName;

    public PrivacyProofTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Only_schema_valid_summaries_alerts_and_health_leave_a_device_holding_frames_and_audio()
    {
        SampleMedia media = SampleMedia.Prepare(Path.Combine(_directory, "media"));
        _output.WriteLine($"media: {media.Origin}");

        WireEvidence evidence = PrivacyProofRun.Record(StandInDevice(media), received =>
            Count(received, WireTopics.Summary) >= 30 && Count(received, WireTopics.Health) >= 1 && Count(received, WireTopics.Alert) >= 1);

        // 1. Every byte the device sent parses as ZMTP, and every message is a schema-valid egress message.
        ZmtpTranscript fromDevice = ZmtpTranscript.Parse(evidence.FromDevice);
        Assert.Equal("NULL", fromDevice.Mechanism); // in clear text, so the content can be judged
        Assert.Empty(EgressCheck.DeviceSideProblems(fromDevice));
        Assert.True(fromDevice.Messages.Count >= 32, $"{fromDevice.Messages.Count} messages recorded");
        Assert.Empty(EgressCheck.SubscriberSideProblems(ZmtpTranscript.Parse(evidence.ToDevice)));

        // 2. No run of 16 input bytes (pixels or PCM samples) appears anywhere in either direction.
        MediaLeakReport leaks = MediaLeakScanner.Scan(media.Buffers, [evidence.FromDevice, evidence.ToDevice]);
        _output.WriteLine($"searched {leaks.DistinctiveWindowsSearched} input windows ({leaks.UninformativeWindowsSkipped} flat ones skipped) among {leaks.RecordedWindows} recorded windows of {evidence.FromDevice.Length + evidence.ToDevice.Length} bytes");
        Assert.Empty(leaks.Leaks);
        Assert.True(leaks.DistinctiveWindowsSearched > 100_000, $"only {leaks.DistinctiveWindowsSearched} distinctive input windows: the media is too flat to prove anything");

        // 3. The device's only network endpoints are its publisher: the listening socket and the relay's connection.
        int port = new Uri(evidence.PublisherEndpoint).Port;
        foreach (ProcessSocket socket in evidence.DeviceSockets)
        {
            _output.WriteLine($"device socket: {socket}");
        }

        var network = evidence.DeviceSockets.Where(s => s.IsNetwork).ToList();
        Assert.All(network, s =>
        {
            Assert.StartsWith("tcp", s.Kind, StringComparison.Ordinal);
            Assert.True(IPAddress.IsLoopback(s.Local!.Address), $"{s} is not on loopback");
            Assert.Equal(port, s.Local.Port);
        });
        Assert.Contains(network, s => s.State == "LISTEN");
        Assert.Contains(network, s => s.State == "ESTABLISHED");

        // 4. The summaries really are about the media: the voice activity measured from the speech varies.
        var speaking = new HashSet<float>();
        foreach (List<byte[]> message in fromDevice.Messages)
        {
            if (WireMessage.Parse(Assert.Single(message)) is SummaryMessage summary && summary.Summary.States?.Speaking is { } value)
            {
                speaking.Add(value);
            }
        }

        Assert.True(speaking.Count >= 2, "every summary reported the same voice activity");
    }

    [Fact]
    public void Only_schema_valid_summaries_and_health_leave_edgemer_run_sensing_the_sample_clip_and_speech()
    {
        SampleMedia media = SampleMedia.Prepare(Path.Combine(_directory, "media"));

        WireEvidence evidence = PrivacyProofRun.Record(EdgemerRun(), received =>
            Count(received, WireTopics.Summary) >= 40 && Count(received, WireTopics.Health) >= 2 && HasVoice(received));

        // 1. Every byte edgemer run sent parses as ZMTP, and every message is a schema-valid egress message.
        ZmtpTranscript fromDevice = ZmtpTranscript.Parse(evidence.FromDevice);
        Assert.Equal("NULL", fromDevice.Mechanism);
        Assert.Empty(EgressCheck.DeviceSideProblems(fromDevice));
        Assert.Empty(EgressCheck.SubscriberSideProblems(ZmtpTranscript.Parse(evidence.ToDevice)));

        // 2. No run of 16 bytes of the clip's decoded frames or of the speech appears anywhere in either direction.
        MediaLeakReport leaks = MediaLeakScanner.Scan(
            media.Buffers.Where(b => b.Name.StartsWith("faces-640x480-frames", StringComparison.Ordinal) || b.Name == "speech.pcm").ToList(),
            [evidence.FromDevice, evidence.ToDevice]);
        _output.WriteLine($"searched {leaks.DistinctiveWindowsSearched} windows of the clip's frames and the speech among {leaks.RecordedWindows} recorded windows");
        Assert.Empty(leaks.Leaks);
        Assert.True(leaks.DistinctiveWindowsSearched > 100_000, $"only {leaks.DistinctiveWindowsSearched} distinctive input windows");

        // 3. Its only network endpoint is the publisher (the control socket is a private ipc socket).
        int port = new Uri(evidence.PublisherEndpoint).Port;
        Assert.All(evidence.DeviceSockets.Where(s => s.IsNetwork), s =>
        {
            Assert.True(IPAddress.IsLoopback(s.Local!.Address), $"{s} is not on loopback");
            Assert.Equal(port, s.Local.Port);
        });

        // 4. The summaries are about the media: the clip's three faces, each read by the face models, a body and the speech.
        var people = new HashSet<int>();
        bool heard = false, seen = false;
        foreach (List<byte[]> message in fromDevice.Messages)
        {
            if (WireMessage.Parse(Assert.Single(message)) is not SummaryMessage { Summary: var summary })
            {
                continue;
            }

            if (summary is { Track: int track, Emotions: not null } && summary.ReadingOf(Affect.Modality.Face) is not null)
            {
                people.Add(track);
            }

            heard |= summary.ReadingOf(Affect.Modality.Voice) is not null;
            seen |= summary.ReadingOf(Affect.Modality.Body) is not null;
        }

        Assert.Equal(3, people.Count);
        Assert.True(heard, "no summary had the voice in it");
        Assert.True(seen, "no summary had a body in it");
    }

    [Fact]
    public void The_leak_search_finds_a_run_of_input_samples_hidden_in_a_recording()
    {
        byte[] samples = new byte[4096];
        new Random(7).NextBytes(samples);
        byte[] recording = Encoding.ASCII.GetBytes("{\"schema\":\"edgemer.summary/1\",\"x\":\"");
        recording = [.. recording, .. samples.AsSpan(1000, 16), .. "\"}"u8];

        MediaLeakReport report = MediaLeakScanner.Scan([new MediaBuffer("speech.pcm", samples)], [recording]);

        Assert.Equal("speech.pcm bytes 1000..1015: " + Convert.ToHexString(samples, 1000, 16), Assert.Single(report.Leaks));
    }

    [Fact]
    public void The_egress_check_rejects_a_message_that_is_not_a_schema_valid_summary()
    {
        byte[] stream = [.. Greeting(), .. Frame("emotion.summary {\"schema\":\"edgemer.summary/1\",\"pixels\":[1,2,3]}"u8, more: false)];

        IReadOnlyList<string> problems = EgressCheck.DeviceSideProblems(ZmtpTranscript.Parse(stream));

        Assert.Contains("fails the schema", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void The_egress_check_rejects_a_message_of_more_than_one_frame()
    {
        // A second frame could carry anything past a check that reads only the first.
        byte[] stream = [.. Greeting(), .. Frame("health {}"u8, more: true), .. Frame("raw bytes"u8, more: false)];

        IReadOnlyList<string> problems = EgressCheck.DeviceSideProblems(ZmtpTranscript.Parse(stream));

        Assert.Contains("has 2 frames", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void The_transcript_refuses_bytes_outside_the_ZMTP_framing()
    {
        byte[] stream = [.. Greeting(), .. Frame("health"u8, more: false), 0x00, 0x05, 0x01];

        Assert.Throws<FormatException>(() => ZmtpTranscript.Parse(stream));
    }

    private DeviceUnderProof EdgemerRun()
    {
        EdgemerRunSetup run = EdgemerRunSetup.Write(_directory);
        return new DeviceUnderProof(TestPrograms.Dotnet, run.Arguments, StopsOnSignal: true);
    }

    private static bool HasVoice(IReadOnlyList<List<byte[]>> received) =>
        received.Any(m => m.Count == 1 && WireMessage.Parse(m[0]) is SummaryMessage s && s.Summary.ReadingOf(Affect.Modality.Voice) is not null);

    /// <summary>The stand-in device process, pointed at the media: it holds frames and audio the way a device with every pipeline would.</summary>
    private static DeviceUnderProof StandInDevice(SampleMedia media)
    {
        string testsBin = AppContext.BaseDirectory; // tests/EdgeMer.EndToEnd.Tests/bin/<configuration>/net10.0/
        string device = Path.GetFullPath(Path.Combine(testsBin, "..", "..", "..", "..", "EdgeMer.EndToEnd.Device", "bin",
            new DirectoryInfo(testsBin).Parent!.Name, "net10.0", "EdgeMer.EndToEnd.Device.dll"));
        return new DeviceUnderProof(TestPrograms.Dotnet, [device, media.Directory]);
    }

    private static int Count(IReadOnlyList<List<byte[]>> received, string topic)
    {
        int count = 0;
        byte[] prefix = Encoding.ASCII.GetBytes(topic + " ");
        foreach (List<byte[]> message in received)
        {
            if (message.Count > 0 && message[0].AsSpan().StartsWith(prefix))
            {
                count++;
            }
        }

        return count;
    }

    private static byte[] Greeting()
    {
        byte[] greeting = new byte[64];
        greeting[0] = 0xFF;
        greeting[9] = 0x7F;
        greeting[10] = 3;
        greeting[11] = 1;
        Encoding.ASCII.GetBytes("NULL").CopyTo(greeting, 12);
        return greeting;
    }

    private static byte[] Frame(ReadOnlySpan<byte> body, bool more) => [(byte)(more ? 1 : 0), (byte)body.Length, .. body];
}
