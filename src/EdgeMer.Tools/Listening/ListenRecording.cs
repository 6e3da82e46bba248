using System.Text;
using System.Text.Json;
using EdgeMer.Messaging.Wire;
using EdgeMer.Platform;

namespace EdgeMer.Tools.Listening;

/// <summary>
/// What <c>edgemer listen</c> received: the parsed messages for the plot, and optionally a JSON
/// Lines file with one <c>{"topic": ..., "message": ...}</c> per message, which can be replayed.
/// </summary>
internal sealed class ListenRecording : IDisposable
{
    private readonly AtomicFile.Pending? _pending;
    private readonly StreamWriter? _file;

    public ListenRecording(string? path)
    {
        if (path is not null)
        {
            // Written under a temporary name while listening, renamed when complete.
            _pending = AtomicFile.Create(path);
            _file = new StreamWriter(_pending.Stream, new UTF8Encoding(false), leaveOpen: true);
        }
    }

    public List<SummaryMessage> Summaries { get; } = [];

    public List<AlertMessage> Alerts { get; } = [];

    public List<HealthMessage> Health { get; } = [];

    /// <summary>Adds a message that <see cref="WireMessage.Parse"/> accepted; <paramref name="payload"/> is its JSON.</summary>
    public void Add(object message, string topic, ReadOnlySpan<byte> payload)
    {
        switch (message)
        {
            case SummaryMessage summary:
                Summaries.Add(summary);
                break;
            case AlertMessage alert:
                Alerts.Add(alert);
                break;
            case HealthMessage health:
                Health.Add(health);
                break;
        }

        if (_file is not null)
        {
            _file.Write("{\"topic\":\"");
            _file.Write(topic);
            _file.Write("\",\"message\":");
            _file.Write(Encoding.UTF8.GetString(payload));
            _file.Write("}\n");
            _file.Flush();
        }
    }

    /// <summary>Loads a recording written by <c>edgemer listen --record</c>, checking every message again.</summary>
    public static ListenRecording Load(string path)
    {
        var recording = new ListenRecording(null);
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(line);
                string topic = document.RootElement.GetProperty("topic").GetString() ?? "";
                byte[] payload = Encoding.UTF8.GetBytes(document.RootElement.GetProperty("message").GetRawText());
                recording.Add(WireMessage.Parse(Encoding.UTF8.GetBytes(topic), payload), topic, payload);
            }
            catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"{path} line {lineNumber}: {e.Message}", e);
            }
        }

        return recording;
    }

    public void Dispose()
    {
        if (_pending is not null)
        {
            _file!.Dispose();
            _pending.Commit();
            _pending.Dispose();
        }
    }
}
