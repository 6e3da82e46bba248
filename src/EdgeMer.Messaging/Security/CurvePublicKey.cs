using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Messaging.Security;

/// <summary>A CURVE (Curve25519) public key: 32 bytes, written as 40 Z85 characters.</summary>
public sealed class CurvePublicKey : IEquatable<CurvePublicKey>
{
    /// <summary>Key length in bytes.</summary>
    public const int Length = 32;

    private readonly byte[] _bytes;

    private CurvePublicKey(byte[] bytes, string z85)
    {
        _bytes = bytes;
        Z85Text = z85;
    }

    /// <summary>The key in Z85 (40 characters), as key files and <c>zmq.auth</c> tools write it.</summary>
    public string Z85Text { get; }

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Parses a 40-character Z85 key; throws <see cref="FormatException"/> naming the problem.</summary>
    public static CurvePublicKey Parse(string z85) =>
        TryParse(z85, out CurvePublicKey? key)
            ? key
            : throw new FormatException($"not a CURVE public key: expected 40 Z85 characters, got {(z85 is null ? "nothing" : $"{z85.Length} characters")}");

    public static bool TryParse(string? z85, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CurvePublicKey? key)
    {
        key = null;
        if (z85 is null || z85.Length != 40)
        {
            return false;
        }

        byte[] bytes = new byte[Length];
        if (!Z85.TryDecode(z85, bytes))
        {
            return false;
        }

        key = new CurvePublicKey(bytes, z85);
        return true;
    }

    /// <summary>The key whose raw 32 bytes are <paramref name="bytes"/> (as ZAP hands them over).</summary>
    public static CurvePublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"a CURVE public key is {Length} bytes, not {bytes.Length}", nameof(bytes));
        }

        return new CurvePublicKey(bytes.ToArray(), Z85.Encode(bytes));
    }

    public bool Equals(CurvePublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as CurvePublicKey);

    public override int GetHashCode() => Z85Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Z85Text;
}
