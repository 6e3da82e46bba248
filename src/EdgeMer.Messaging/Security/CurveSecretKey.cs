using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Messaging.Security;

/// <summary>
/// A CURVE secret key. Its text form is only ever produced for writing a key file; <see cref="ToString"/>
/// never reveals it, so it cannot leak into logs.
/// </summary>
public sealed class CurveSecretKey
{
    private readonly byte[] _bytes;

    private CurveSecretKey(byte[] bytes)
    {
        _bytes = bytes;
    }

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Parses a 40-character Z85 secret key; the message never echoes the input.</summary>
    public static CurveSecretKey Parse(string z85)
    {
        byte[] bytes = new byte[CurvePublicKey.Length];
        if (z85 is null || z85.Length != 40 || !Z85.TryDecode(z85, bytes))
        {
            throw new FormatException("not a CURVE secret key: expected 40 Z85 characters");
        }

        return new CurveSecretKey(bytes);
    }

    /// <summary>The Z85 text, for writing a secret key file.</summary>
    public string ToZ85() => Z85.Encode(_bytes);

    public override string ToString() => "CurveSecretKey(not shown)";
}
