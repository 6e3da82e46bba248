using System.Text;
using EdgeMer.Messaging.Interop.Zmq;

namespace EdgeMer.Messaging.Security;

/// <summary>A CURVE key pair: the public half is handed out, the secret half stays in a 0600 file.</summary>
public sealed class CurveKeyPair
{
    public CurveKeyPair(CurvePublicKey publicKey, CurveSecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(secretKey);
        if (!DerivePublic(secretKey).Equals(publicKey))
        {
            throw new ArgumentException("the public key does not belong to the secret key", nameof(publicKey));
        }

        PublicKey = publicKey;
        SecretKey = secretKey;
    }

    public CurvePublicKey PublicKey { get; }

    public CurveSecretKey SecretKey { get; }

    /// <summary>A fresh key pair from libzmq's CURVE implementation (zmq_curve_keypair).</summary>
    public static unsafe CurveKeyPair Generate()
    {
        LibZmq.EnsureResolver();
        byte* publicText = stackalloc byte[41];
        byte* secretText = stackalloc byte[41];
        ZmqError.ThrowIfFailed(LibZmq.CurveKeypair(publicText, secretText), "zmq_curve_keypair");
        try
        {
            CurvePublicKey publicKey = CurvePublicKey.Parse(Encoding.ASCII.GetString(publicText, 40));
            CurveSecretKey secretKey = CurveSecretKey.Parse(Encoding.ASCII.GetString(secretText, 40));
            return new CurveKeyPair(publicKey, secretKey);
        }
        finally
        {
            new Span<byte>(secretText, 41).Clear();
        }
    }

    /// <summary>The pair whose secret half is <paramref name="secretKey"/> (zmq_curve_public).</summary>
    public static CurveKeyPair FromSecretKey(CurveSecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        return new CurveKeyPair(DerivePublic(secretKey), secretKey);
    }

    private static unsafe CurvePublicKey DerivePublic(CurveSecretKey secretKey)
    {
        LibZmq.EnsureResolver();
        byte* publicText = stackalloc byte[41];
        byte* secretText = stackalloc byte[41];
        try
        {
            Encoding.ASCII.GetBytes(secretKey.ToZ85(), new Span<byte>(secretText, 40));
            secretText[40] = 0;
            ZmqError.ThrowIfFailed(LibZmq.CurvePublic(publicText, secretText), "zmq_curve_public");
            return CurvePublicKey.Parse(Encoding.ASCII.GetString(publicText, 40));
        }
        finally
        {
            new Span<byte>(secretText, 41).Clear();
        }
    }
}
