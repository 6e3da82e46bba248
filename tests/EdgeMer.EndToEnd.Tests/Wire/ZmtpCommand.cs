using System.Buffers.Binary;
using System.Text;

namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>A ZMTP command: its name, raw data, and for READY the metadata properties.</summary>
public sealed class ZmtpCommand
{
    private ZmtpCommand(string name, byte[] data, IReadOnlyDictionary<string, byte[]> properties)
    {
        Name = name;
        Data = data;
        Properties = properties;
    }

    public string Name { get; }

    public byte[] Data { get; }

    /// <summary>READY's metadata (Socket-Type, Identity...); empty for other commands.</summary>
    public IReadOnlyDictionary<string, byte[]> Properties { get; }

    public static ZmtpCommand Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length < 1 || body[0] + 1 > body.Length)
        {
            throw new FormatException("malformed command name");
        }

        string name = Encoding.ASCII.GetString(body.Slice(1, body[0]));
        ReadOnlySpan<byte> data = body[(1 + body[0])..];
        var properties = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        if (name == "READY")
        {
            int at = 0;
            while (at < data.Length)
            {
                int nameLength = data[at];
                if (at + 1 + nameLength + 4 > data.Length)
                {
                    throw new FormatException("malformed READY property");
                }

                string property = Encoding.ASCII.GetString(data.Slice(at + 1, nameLength));
                int valueLength = (int)BinaryPrimitives.ReadUInt32BigEndian(data.Slice(at + 1 + nameLength, 4));
                int valueAt = at + 1 + nameLength + 4;
                if (valueLength < 0 || valueAt + valueLength > data.Length)
                {
                    throw new FormatException("malformed READY property value");
                }

                properties[property] = data.Slice(valueAt, valueLength).ToArray();
                at = valueAt + valueLength;
            }
        }

        return new ZmtpCommand(name, data.ToArray(), properties);
    }
}
