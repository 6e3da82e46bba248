using System.Runtime.InteropServices;

namespace EdgeMer.Messaging.Interop.Zmq;

internal static partial class LibZmq
{
    [LibraryImport(Library, EntryPoint = "zmq_curve_keypair", SetLastError = true)]
    internal static unsafe partial int CurveKeypair(byte* z85PublicKey, byte* z85SecretKey);

    [LibraryImport(Library, EntryPoint = "zmq_curve_public", SetLastError = true)]
    internal static unsafe partial int CurvePublic(byte* z85PublicKey, byte* z85SecretKey);

    [LibraryImport(Library, EntryPoint = "zmq_z85_encode")]
    internal static unsafe partial byte* Z85Encode(byte* destination, byte* data, nuint size);

    [LibraryImport(Library, EntryPoint = "zmq_z85_decode")]
    internal static unsafe partial byte* Z85Decode(byte* destination, byte* text);
}
