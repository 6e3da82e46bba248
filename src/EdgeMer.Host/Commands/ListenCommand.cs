using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using EdgeMer.Affect;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Platform;
using EdgeMer.Tools.Listening;
using Spectre.Console;

namespace EdgeMer.Host.Commands;

/// <summary>
/// <c>edgemer listen ENDPOINT</c>: subscribe to a device (with CURVE keys when given), print its
/// summaries and alerts as they arrive, optionally record them, and draw an SVG timeline.
/// </summary>
internal static class ListenCommand
{
    public static Command Create()
    {
        var endpoint = new Argument<string?>("endpoint")
        {
            Description = "The device's publisher, e.g. tcp://192.0.2.10:5556 (omit with --replay).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var serverKey = new Option<string?>("--server-key") { Description = "The device's public key file (NAME.key); turns CURVE on." };
        var clientKeys = new Option<string?>("--client-keys") { Description = "This subscriber's secret key file (NAME.key_secret); its public key must be on the device's allow-list." };
        var topic = new Option<string>("--topic") { Description = "Topic prefix: emotion.summary, emotion.alert, health, or emotion. for both emotion topics.", DefaultValueFactory = _ => "" };
        var record = new Option<string?>("--record") { Description = "Also write every message to this JSON Lines file." };
        var replay = new Option<string?>("--replay") { Description = "Read a file written by --record instead of subscribing." };
        var plot = new Option<string?>("--plot") { Description = "When done, draw the timeline of what was received to this SVG file." };
        var count = new Option<int>("--count") { Description = "Stop after this many messages (0: until Ctrl+C or --duration)." };
        var duration = new Option<double>("--duration") { Description = "Stop after this many seconds (0: until Ctrl+C or --count)." };
        var quiet = new Option<bool>("--quiet") { Description = "Do not print messages (record and plot only)." };
        var view = new Option<string>("--view")
        {
            Description = "live: a view of the latest summaries, health and alerts redrawn in place; lines: one line per message; auto: live when the output is a terminal.",
            DefaultValueFactory = _ => "auto",
        };
        view.AcceptOnlyFromAmong("auto", "live", "lines");

        var command = new Command("listen", "Subscribe to an EdgeMer device, print summaries and alerts live, and plot a timeline.");
        command.Arguments.Add(endpoint);
        foreach (Option option in new Option[] { serverKey, clientKeys, topic, record, replay, plot, count, duration, quiet, view })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            try
            {
                ListenRecording recording;
                string title;
                if (parse.GetValue(replay) is { } replayPath)
                {
                    recording = ListenRecording.Load(replayPath);
                    title = $"EdgeMer recording {Path.GetFileName(replayPath)}";
                    if (!parse.GetValue(quiet))
                    {
                        foreach (SummaryMessage s in recording.Summaries)
                        {
                            Console.WriteLine(Describe(s));
                        }
                    }
                }
                else
                {
                    string target = parse.GetValue(endpoint) ?? throw new ArgumentException("give an endpoint to listen to, or --replay FILE");
                    bool live = !parse.GetValue(quiet) && IsLive(parse.GetValue(view)!);
                    recording = Listen(target, parse.GetValue(serverKey), parse.GetValue(clientKeys), parse.GetValue(topic)!, parse.GetValue(record), parse.GetValue(count), parse.GetValue(duration), parse.GetValue(quiet), live);
                    title = $"EdgeMer device at {target}";
                }

                using (recording)
                {
                    if (parse.GetValue(plot) is { } plotPath)
                    {
                        string svg = ListenTimelinePlot.Render(recording.Summaries, recording.Alerts, title);
                        AtomicFile.WriteText(plotPath, svg);
                        Console.Error.WriteLine($"plotted {recording.Summaries.Count} summaries and {recording.Alerts.Count} alerts to {plotPath}");
                    }
                }

                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or FormatException or ZmqException or CurveKeyFileException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"edgemer listen: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Whether to draw the live view: asked for, or "auto" with the output on a terminal.</summary>
    internal static bool IsLive(string view) => view == "live" || (view == "auto" && !Console.IsOutputRedirected);

    private static ListenRecording Listen(string endpoint, string? serverKey, string? clientKeys, string topic, string? recordPath, int count, double duration, bool quiet, bool live)
    {
        if ((serverKey is null) != (clientKeys is null))
        {
            throw new ArgumentException("CURVE needs both --server-key (the device's NAME.key) and --client-keys (your NAME.key_secret)");
        }

        using var context = new ZmqContext();
        using ZmqSocket sub = context.CreateSocket(ZmqSocketType.Sub);
        if (serverKey is not null)
        {
            sub.MakeCurveClient(CurveKeyFile.LoadKeyPair(clientKeys!), CurveKeyFile.LoadPublicKey(serverKey));
        }

        sub.Subscribe(topic);
        sub.Connect(endpoint);
        Console.Error.WriteLine($"listening to {endpoint} ({(serverKey is null ? "plain" : "CURVE")}), topic '{topic}'; Ctrl+C to stop");

        using var stop = new ManualResetEventSlim();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Set();
        };
        Console.CancelKeyPress += onCancel;
        var recording = new ListenRecording(recordPath);
        try
        {
            long deadline = duration > 0 ? Environment.TickCount64 + (long)(duration * 1000) : long.MaxValue;
            int received = 0;
            bool KeepGoing() => !stop.IsSet && Environment.TickCount64 < deadline && (count == 0 || received < count);
            void Record(object message, string topicText, ReadOnlySpan<byte> document)
            {
                received++;
                recording.Add(message, topicText, document);
            }

            if (live)
            {
                ShowLive(sub, KeepGoing, Record);
            }
            else
            {
                Receive(sub, KeepGoing, (message, topicText, document) =>
                {
                    Record(message, topicText, document);
                    if (!quiet)
                    {
                        Console.WriteLine(Describe(message, topicText));
                    }
                });
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        return recording;
    }

    /// <summary>Draws the live view of what <paramref name="sub"/> receives, redrawn per message, while <paramref name="keepGoing"/> says so; <paramref name="also"/> hears each message too.</summary>
    internal static void ShowLive(ZmqSocket sub, Func<bool> keepGoing, MessageHandler? also = null)
    {
        var view = new LiveView();
        AnsiConsole.Live(view.Render()).Start(context => Receive(sub, keepGoing, (message, topic, document) =>
        {
            also?.Invoke(message, topic, document);
            view.Update(message);
            context.UpdateTarget(view.Render());
        }));
    }

    /// <summary>What <see cref="Receive"/> hands over: the parsed message, its topic and the JSON document as received.</summary>
    internal delegate void MessageHandler(object message, string topic, ReadOnlySpan<byte> document);

    /// <summary>
    /// Receives from a subscribed socket while <paramref name="keepGoing"/> says so, parses each message
    /// and hands it to <paramref name="handle"/>; a message in an old layout or not valid is reported
    /// on standard error and skipped.
    /// </summary>
    internal static void Receive(ZmqSocket sub, Func<bool> keepGoing, MessageHandler handle)
    {
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(200);
        sub.MaxMessageSize = WireMessage.MaxBytes;
        var frames = new List<byte[]>(1);
        while (keepGoing())
        {
            if (!sub.ReceiveMultipart(frames))
            {
                continue;
            }

            if (frames.Count != 1)
            {
                // Development builds before the one-frame layout sent the topic and the JSON as two frames.
                Console.Error.WriteLine($"skipped a message of {frames.Count} frames: EdgeMer sends one frame, the topic, a space and the JSON document (docs/messages.md)");
                continue;
            }

            string topicText;
            int documentStart;
            object message;
            try
            {
                WireMessage.Split(frames[0], out ReadOnlySpan<byte> topicBytes, out ReadOnlySpan<byte> document);
                topicText = Encoding.UTF8.GetString(topicBytes);
                documentStart = topicBytes.Length + 1;
                message = WireMessage.Parse(topicBytes, document);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"skipped an invalid message: {e.Message}");
                continue;
            }

            handle(message, topicText, frames[0].AsSpan(documentStart));
        }
    }

    private static string Describe(object message, string topic) => message switch
    {
        SummaryMessage s => Describe(s),
        AlertMessage a => Describe(a),
        HealthMessage h => Describe(h),
        _ => topic,
    };

    private static string Describe(SummaryMessage message)
    {
        EmotionSummary s = message.Summary;
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{s.Window.End:HH:mm:ss.fff} {message.Device} summary #{message.Sequence} ");
        line.Append(s.Track is int track ? string.Create(CultureInfo.InvariantCulture, $"person {track} ") : "scene ");
        if (s.Paused)
        {
            return line.Append("PAUSED").ToString();
        }

        if (s.Emotions is { } e)
        {
            line.Append(CultureInfo.InvariantCulture, $"{EmotionLabels.Name(e.Dominant)} {e[e.Dominant]:F2} ");
        }
        else
        {
            line.Append("no emotion reading ");
        }

        if (s.Affect is { } a)
        {
            line.Append(CultureInfo.InvariantCulture, $"V{a.Valence:+0.00;-0.00} A{a.Arousal:+0.00;-0.00} ");
        }

        line.Append(CultureInfo.InvariantCulture, $"conf {s.Confidence:F2} [");
        for (int i = 0; i < s.Modalities.Count; i++)
        {
            ModalityReading r = s.Modalities[i];
            line.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? ", " : "")}{r.Modality.ToString().ToLowerInvariant()} q{r.Quality:F2} {r.AgeMs}ms{(r.Disagrees ? " disagrees" : "")}");
        }

        return line.Append(']').ToString();
    }

    private static string Describe(AlertMessage message)
    {
        SafetyAlert a = message.Alert;
        return string.Create(CultureInfo.InvariantCulture,
            $"{a.Time:HH:mm:ss.fff} {message.Device} ALERT {a.Severity} {a.Kind}: {a.Reason} {a.Value:G4} (threshold {a.Threshold:G4}){(a.Modality is { } m ? $" [{m}]" : "")}");
    }

    private static string Describe(HealthMessage message)
    {
        HealthReport h = message.Health;
        return string.Create(CultureInfo.InvariantCulture,
            $"{h.Time:HH:mm:ss.fff} {message.Device} health uptime {h.UptimeSeconds:F0}s provider {h.Provider}{(h.Paused ? " PAUSED" : "")} published {message.Egress.Published} dropped {message.Egress.Dropped}");
    }
}
