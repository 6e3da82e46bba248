using System.Buffers;
using System.Text;
using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Messaging.Control;
using EdgeMer.Affect;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Testing;
using Xunit.Abstractions;

namespace EdgeMer.Messaging.Tests;

/// <summary>
/// What one hostile control request costs the device: python3-zmq sends thousands of 60 KB frames,
/// or a million empty ones, as one message. libzmq holds it whole before the server can read a frame (docs/messages.md,
/// "Memory"); the server must refuse it without copying it, and give the memory back afterwards.
/// </summary>
[Collection(MemoryMeasurementGroup.Name)]
public sealed class ControlMemoryTests(ITestOutputHelper output) : IDisposable
{
    private readonly ZmqContext _context = new();

    public void Dispose() => _context.Dispose();

    [Theory]
    [InlineData(3000, 60_000)]
    [InlineData(1_000_000, 0)]
    public void A_request_of_many_frames_is_refused_without_being_copied_and_its_memory_is_returned(int frames, int frameBytes)
    {
        // What libzmq holds for it: the frames' bytes, and a zmq_msg_t (64 bytes) per frame.
        long held = ((long)frames * frameBytes) + ((long)frames * 64);
        var logger = new RecordingLogger<ControlServer>();
        using var server = new ControlServer(_context, new ControlServerOptions { Endpoint = "tcp://127.0.0.1:*" }, new FixedControlCommands(), new PrivacySwitch(), logger: logger);
        using ZmqSocket client = _context.CreateSocket(ZmqSocketType.Dealer);
        client.ReceiveTimeout = SubscriptionWait.Timeout;
        client.Connect(server.Endpoint);
        Assert.True(Ask(client).Ok);
        long residentBefore = ProcessMemory.Resident;
        ProcessMemory.ResetPeak();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        ExternalProgramResult flood = ExternalProgram.Run(
            TestPrograms.DebianPython,
            [Path.Combine(AppContext.BaseDirectory, "peers", "flood_control.py"), "--endpoint", server.Endpoint, "--frames", $"{frames}", "--bytes", $"{frameBytes}"],
            TimeSpan.FromMinutes(2)).EnsureSuccess("the python3-zmq flooding client");

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        bool returned = SpinWait.SpinUntil(() => logger.Has(1307), SubscriptionWait.Timeout);
        long residentAfter = ProcessMemory.Resident;
        long peak = ProcessMemory.Peak;
        output.WriteLine(
            $"request of {frames} frames of {frameBytes} bytes ({held / 1e6:F0} MB held by libzmq, estimated); managed bytes allocated meanwhile {allocated / 1e6:F1} MB; " +
            $"resident before {residentBefore / 1e6:F0} MB, peak {peak / 1e6:F0} MB (+{(peak - residentBefore) / 1e6:F0}), after {residentAfter / 1e6:F0} MB (+{(residentAfter - residentBefore) / 1e6:F0})");

        string reply = flood.StandardOutput.Split('\n').Single(line => line.StartsWith("reply ", StringComparison.Ordinal))["reply ".Length..];
        ControlReply refused = JsonSerializer.Deserialize(reply, ControlJsonContext.Default.ControlReply)!;
        Assert.Equal(ControlErrorCode.Malformed, refused.Error!.Code);
        Assert.Contains($"got {frames} frames", refused.Error.Message, StringComparison.Ordinal);

        // Read frame by frame into one fixed buffer: the request never reaches managed memory.
        Assert.True(allocated < held / 20, $"{allocated} managed bytes allocated while refusing a request that held {held} bytes");

        // What libzmq held is returned to the system once the request is refused.
        Assert.True(returned, "no memory was returned after the refusal");
        Assert.True(residentAfter - residentBefore < held / 4, $"resident set grew by {residentAfter - residentBefore} bytes and stayed");
        Assert.True(Ask(client).Ok);
    }

    private static ControlReply Ask(ZmqSocket client)
    {
        client.Send("""{"schema":"edgemer.control/1","id":"s1","command":"status"}"""u8);
        var buffer = new ArrayBufferWriter<byte>();
        Assert.True(client.Receive(buffer, out _), "no reply");
        return JsonSerializer.Deserialize(Encoding.UTF8.GetString(buffer.WrittenSpan), ControlJsonContext.Default.ControlReply)!;
    }
}
