using System.Buffers.Binary;
using System.Text;

namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>
/// One direction of a ZMTP 3.x connection (ZeroMQ RFC 23/37), parsed from the raw bytes: the
/// greeting, the commands (READY, SUBSCRIBE, PING...) and the messages, frame by frame. Any byte
/// that does not fit the framing makes parsing fail, so nothing can hide between frames.
/// </summary>
public sealed class ZmtpTranscript
{
    private ZmtpTranscript(int major, int minor, string mechanism, bool asServer, List<ZmtpCommand> commands, List<List<byte[]>> messages)
    {
        Major = major;
        Minor = minor;
        Mechanism = mechanism;
        AsServer = asServer;
        Commands = commands;
        Messages = messages;
    }

    public int Major { get; }

    public int Minor { get; }

    public string Mechanism { get; }

    public bool AsServer { get; }

    public IReadOnlyList<ZmtpCommand> Commands { get; }

    /// <summary>Every message, as its frames.</summary>
    public IReadOnlyList<List<byte[]>> Messages { get; }

    public static ZmtpTranscript Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 64)
        {
            throw new FormatException($"{bytes.Length} bytes is shorter than a ZMTP greeting");
        }

        if (bytes[0] != 0xFF || bytes[9] != 0x7F)
        {
            throw new FormatException("no ZMTP signature");
        }

        int major = bytes[10];
        int minor = bytes[11];
        if (major != 3)
        {
            throw new FormatException($"ZMTP {major}.{minor}, expected 3.x");
        }

        string mechanism = Encoding.ASCII.GetString(bytes.Slice(12, 20)).TrimEnd('\0');
        bool asServer = bytes[32] != 0;
        foreach (byte filler in bytes.Slice(33, 31))
        {
            if (filler != 0)
            {
                throw new FormatException("non-zero byte in the greeting filler");
            }
        }

        var commands = new List<ZmtpCommand>();
        var messages = new List<List<byte[]>>();
        var current = new List<byte[]>();
        int at = 64;
        while (at < bytes.Length)
        {
            byte flags = bytes[at];
            if ((flags & 0xF8) != 0)
            {
                throw new FormatException($"reserved flag bits set at byte {at}");
            }

            bool more = (flags & 1) != 0;
            bool isLong = (flags & 2) != 0;
            bool isCommand = (flags & 4) != 0;
            int header = isLong ? 9 : 2;
            if (at + header > bytes.Length)
            {
                throw new FormatException($"frame header cut off at byte {at}");
            }

            long size = isLong ? (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(at + 1, 8)) : bytes[at + 1];
            if (size > bytes.Length - at - header)
            {
                throw new FormatException($"frame at byte {at} claims {size} bytes; {bytes.Length - at - header} remain");
            }

            ReadOnlySpan<byte> body = bytes.Slice(at + header, (int)size);
            at += header + (int)size;
            if (isCommand)
            {
                if (more || current.Count > 0)
                {
                    throw new FormatException("a command inside a multipart message");
                }

                commands.Add(ZmtpCommand.Parse(body));
                continue;
            }

            current.Add(body.ToArray());
            if (!more)
            {
                messages.Add(current);
                current = [];
            }
        }

        if (current.Count > 0)
        {
            throw new FormatException("the stream ends inside a multipart message");
        }

        return new ZmtpTranscript(major, minor, mechanism, asServer, commands, messages);
    }
}
