using EdgeMer.Messaging.Interop.Zmq;

namespace EdgeMer.Messaging.Zmq;

/// <summary>Z85 (ZeroMQ RFC 32), the printable form of CURVE keys, through libzmq's own codec.</summary>
public static class Z85
{
    /// <summary>Encodes <paramref name="data"/>, whose length must be a multiple of 4.</summary>
    public static unsafe string Encode(ReadOnlySpan<byte> data)
    {
        if (data.Length % 4 != 0)
        {
            throw new ArgumentException($"Z85 encodes whole 4-byte groups; got {data.Length} bytes", nameof(data));
        }

        LibZmq.EnsureResolver();
        byte[] text = new byte[data.Length / 4 * 5 + 1];
        fixed (byte* source = data)
        fixed (byte* destination = text)
        {
            if (LibZmq.Z85Encode(destination, source, (nuint)data.Length) is null)
            {
                throw new ArgumentException("libzmq refused to Z85-encode the data", nameof(data));
            }
        }

        return System.Text.Encoding.ASCII.GetString(text, 0, text.Length - 1);
    }

    /// <summary>Decodes <paramref name="text"/> (length a multiple of 5) into <paramref name="destination"/>.</summary>
    public static unsafe bool TryDecode(string text, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text.Length % 5 != 0 || destination.Length != text.Length / 5 * 4)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            // Z85's alphabet is printable ASCII; anything else is not Z85 (and must not reach libzmq).
            if (text[i] < 0x21 || text[i] > 0x7D || text[i] == '"' || text[i] == '\'' || text[i] == ',' || text[i] == ';' || text[i] == '\\' || text[i] == '_' || text[i] == '`' || text[i] == '|' || text[i] == '~')
            {
                return false;
            }
        }

        LibZmq.EnsureResolver();
        byte[] ascii = new byte[text.Length + 1];
        System.Text.Encoding.ASCII.GetBytes(text, ascii);
        fixed (byte* source = ascii)
        fixed (byte* target = destination)
        {
            return LibZmq.Z85Decode(target, source) is not null;
        }
    }
}
