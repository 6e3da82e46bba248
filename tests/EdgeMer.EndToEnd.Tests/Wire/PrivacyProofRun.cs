using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Platform;

namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>
/// Runs a device process, subscribes to it through a <see cref="WireRecordingRelay"/> until
/// <paramref name="enough"/> says the received messages cover what must be proven, lists the
/// device's sockets while it is connected, then stops it and returns every byte that crossed.
/// </summary>
public static partial class PrivacyProofRun
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    public static WireEvidence Record(DeviceUnderProof device, Func<IReadOnlyList<List<byte[]>>, bool> enough)
    {
        var start = new ProcessStartInfo(device.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in device.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{device.FileName} did not start");
        var output = new StringBuilder();
        using var announced = new ManualResetEventSlim();
        string? endpoint = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            Match match = AnnouncedEndpoint().Match(e.Data);
            if (match.Success && endpoint is null)
            {
                endpoint = match.Groups[1].Value;
                announced.Set();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (!announced.Wait(s_timeout))
            {
                throw new TimeoutException($"the device never announced its endpoint: {output}");
            }

            using var relay = new WireRecordingRelay(endpoint!);
            var received = new List<List<byte[]>>();
            IReadOnlyList<ProcessSocket> sockets;
            using (var context = new ZmqContext())
            using (ZmqSocket sub = context.CreateSocket(ZmqSocketType.Sub))
            {
                sub.Subscribe("");
                sub.ReceiveTimeout = TimeSpan.FromMilliseconds(100);
                sub.Connect(relay.Endpoint);
                long deadline = Environment.TickCount64 + (long)s_timeout.TotalMilliseconds;
                var frames = new List<byte[]>();
                while (!enough(received))
                {
                    if (Environment.TickCount64 > deadline || process.HasExited)
                    {
                        throw new TimeoutException($"received {received.Count} messages, not enough; device output: {output}");
                    }

                    if (sub.ReceiveMultipart(frames))
                    {
                        received.Add([.. frames]);
                    }
                }

                // While the subscriber is connected through the relay: what does the device hold open?
                sockets = ProcessSockets.List(process.Id);

                // Stop the device first so its connection ends cleanly and the recording holds whole frames.
                if (device.StopsOnSignal)
                {
                    ExternalProgram.Run("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], s_timeout).EnsureSuccess("kill -TERM");
                }
                else
                {
                    process.StandardInput.Close();
                }

                if (!process.WaitForExit(s_timeout))
                {
                    throw new TimeoutException($"the device did not exit when {(device.StopsOnSignal ? "sent SIGTERM" : "its standard input closed")}");
                }

                relay.WaitForEnd(s_timeout);
            }

            process.WaitForExit();
            lock (output)
            {
                return new WireEvidence(endpoint!, relay.FromDevice(), relay.ToDevice(), sockets, output.ToString());
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [GeneratedRegex(@"Publishing summaries on (tcp://\S+)")]
    private static partial Regex AnnouncedEndpoint();
}
