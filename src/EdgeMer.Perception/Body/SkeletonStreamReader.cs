using System.Text;
using System.Text.Json;

namespace EdgeMer.Perception.Body;

/// <summary>
/// Skeletons from a robot or camera that already tracks bodies, as JSON lines (one object per line,
/// UTF-8; blank lines are skipped):
/// <code>{"time": 12.034, "track": 3, "keypoints": [[x, y, score], ... 17 COCO keypoints]}</code>
/// <c>time</c> is seconds from the stream's start, never going back; <c>track</c> the sender's own
/// number for the person (0 or more); <c>keypoints</c> 17 [x, y, score] in COCO order (image pixels,
/// y down; score 0 to 1). <c>{"time": t, "track": n, "ended": true}</c>, without keypoints, says the
/// person left. Anything else (another member, a member twice, a wrong type or count, a value out of
/// range) is a <see cref="SkeletonStreamException"/> naming the line. Lines are read into one reused
/// buffer, so reading allocates nothing per line.
/// </summary>
public sealed class SkeletonStreamReader : IDisposable
{
    /// <summary>The longest line accepted (a skeleton takes about 1 KiB).</summary>
    public const int MaxLineBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly string _name;
    private readonly byte[] _buffer = new byte[MaxLineBytes + 1];
    private int _start, _end;
    private bool _atEnd;
    private long _line;
    private double _lastTime;

    public SkeletonStreamReader(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _stream = stream;
        _name = name;
    }

    /// <summary>Name of the stream, as errors give it.</summary>
    public string Name => _name;

    /// <summary>Opens the JSON-lines file at <paramref name="path"/>.</summary>
    /// <exception cref="SkeletonStreamException">The file cannot be opened; the message names it and says why.</exception>
    public static SkeletonStreamReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return new SkeletonStreamReader(File.OpenRead(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SkeletonStreamException(path, 0, $"cannot open the skeleton stream: {e.Message}", e);
        }
    }

    /// <summary>Reads the next skeleton into <paramref name="pose"/>; false at the end of the stream.</summary>
    /// <exception cref="SkeletonStreamException">The line is not a valid skeleton; the message names the line and the problem.</exception>
    public bool TryRead(BodyPose pose, out SkeletonLine line)
    {
        ArgumentNullException.ThrowIfNull(pose);
        while (NextLine(out ReadOnlySpan<byte> text))
        {
            if (text.Trim((byte)' ').Trim((byte)'\t').Trim((byte)'\r').IsEmpty)
            {
                continue;
            }

            line = Parse(text, pose);
            return true;
        }

        line = default;
        return false;
    }

    public void Dispose() => _stream.Dispose();

    private bool NextLine(out ReadOnlySpan<byte> text)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                text = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                _line++;
                return true;
            }

            if (_atEnd)
            {
                if (_end > _start)
                {
                    text = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    _line++;
                    return true;
                }

                text = default;
                return false;
            }

            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw Error(_line + 1, $"the line is longer than {MaxLineBytes} bytes");
            }

            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            _atEnd = read == 0;
            _end += read;
        }
    }

    private SkeletonLine Parse(ReadOnlySpan<byte> text, BodyPose pose)
    {
        var reader = new Utf8JsonReader(text, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        double? time = null;
        long? track = null;
        bool? ended = null;
        int keypoints = -1;
        try
        {
            if (!(reader.Read() && reader.TokenType == JsonTokenType.StartObject))
            {
                throw Error(_line, "a skeleton line is one JSON object");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("time"u8))
                {
                    if (time is not null)
                    {
                        throw Error(_line, "'time' is given twice");
                    }

                    if (!(reader.Read() && reader.TokenType == JsonTokenType.Number))
                    {
                        throw Error(_line, "'time' must be a number of seconds");
                    }

                    time = reader.GetDouble();
                    if (!(double.IsFinite(time.Value) && time.Value >= 0))
                    {
                        throw Error(_line, $"'time' must be 0 or more seconds, not {time.Value}");
                    }
                }
                else if (reader.ValueTextEquals("track"u8))
                {
                    if (track is not null)
                    {
                        throw Error(_line, "'track' is given twice");
                    }

                    if (!(reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) && value is >= 0 and <= int.MaxValue))
                    {
                        throw Error(_line, "'track' must be a whole number from 0");
                    }

                    track = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("ended"u8))
                {
                    if (ended is not null)
                    {
                        throw Error(_line, "'ended' is given twice");
                    }

                    if (!(reader.Read() && reader.TokenType is JsonTokenType.True or JsonTokenType.False))
                    {
                        throw Error(_line, "'ended' must be true or false");
                    }

                    ended = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("keypoints"u8))
                {
                    if (keypoints >= 0)
                    {
                        throw Error(_line, "'keypoints' is given twice");
                    }

                    keypoints = ReadKeypoints(ref reader, pose);
                }
                else
                {
                    throw Error(_line, $"unknown member '{Encoding.UTF8.GetString(reader.ValueSpan)}'; a skeleton line has time, track, keypoints and ended");
                }
            }

            if (!(reader.TokenType == JsonTokenType.EndObject && !reader.Read()))
            {
                throw Error(_line, "nothing may follow the skeleton object on its line");
            }
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw Error(_line, $"not valid JSON: {e.Message}", e);
        }

        if (time is null)
        {
            throw Error(_line, "'time' is missing");
        }

        if (track is null)
        {
            throw Error(_line, "'track' is missing");
        }

        if (time!.Value < _lastTime)
        {
            throw Error(_line, $"'time' {time.Value} goes back from {_lastTime} on an earlier line");
        }

        bool gone = ended ?? false;
        if (gone && keypoints >= 0)
        {
            throw Error(_line, "a line with 'ended': true has no keypoints");
        }

        if (!gone && keypoints < 0)
        {
            throw Error(_line, "'keypoints' is missing");
        }

        _lastTime = time.Value;
        TimeSpan at = TimeSpan.FromSeconds(time.Value);
        pose.CaptureTime = at;
        return new SkeletonLine(_line, (int)track!.Value, at, gone);
    }

    private int ReadKeypoints(ref Utf8JsonReader reader, BodyPose pose)
    {
        if (!(reader.Read() && reader.TokenType == JsonTokenType.StartArray))
        {
            throw Error(_line, $"'keypoints' must be an array of {BodyPose.KeypointCount} [x, y, score]");
        }

        int count = 0;
        Span<double> values = stackalloc double[3];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count >= BodyPose.KeypointCount)
            {
                throw Error(_line, $"'keypoints' has more than {BodyPose.KeypointCount} entries; COCO has {BodyPose.KeypointCount}");
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Error(_line, $"keypoint {count} must be [x, y, score]");
            }

            int n = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (!(n < 3 && reader.TokenType == JsonTokenType.Number))
                {
                    throw Error(_line, $"keypoint {count} ({(BodyKeypoint)count}) must be three numbers [x, y, score]");
                }

                values[n++] = reader.GetDouble();
            }

            if (n != 3)
            {
                throw Error(_line, $"keypoint {count} ({(BodyKeypoint)count}) has {n} numbers; [x, y, score] expected");
            }

            if (!(double.IsFinite(values[0]) && double.IsFinite(values[1]) && Math.Abs(values[0]) < 1e6 && Math.Abs(values[1]) < 1e6))
            {
                throw Error(_line, $"keypoint {count} ({(BodyKeypoint)count}) has a position out of range");
            }

            if (!(values[2] is >= 0 and <= 1))
            {
                throw Error(_line, $"keypoint {count} ({(BodyKeypoint)count}) has score {values[2]}; scores are 0 to 1");
            }

            pose.Set((BodyKeypoint)count, (float)values[0], (float)values[1], (float)values[2]);
            count++;
        }

        if (count != BodyPose.KeypointCount)
        {
            throw Error(_line, $"'keypoints' has {count} entries; {BodyPose.KeypointCount} COCO keypoints expected");
        }

        return count;
    }

    private SkeletonStreamException Error(long line, string problem, Exception? inner = null) => new(_name, line, problem, inner);
}
