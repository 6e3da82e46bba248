using System.Runtime.InteropServices;
using System.Text;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// UTF-8, NUL-terminated copies of managed strings for native calls made at setup time (never on
// the Run path, which passes names ORT allocated itself).
internal static unsafe class OrtUtf8
{
    public static byte[] NullTerminated(string text)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    // Key/value string arrays for provider options, in one native block freed by Dispose.
    public sealed class KeyValueBlock : IDisposable
    {
        private byte* _block;

        public KeyValueBlock(IReadOnlyList<KeyValuePair<string, string>> pairs)
        {
            Count = pairs.Count;
            nuint pointerBytes = (nuint)(2 * Math.Max(Count, 1) * sizeof(byte*));
            nuint textBytes = 0;
            foreach (KeyValuePair<string, string> pair in pairs)
            {
                textBytes += (nuint)(Encoding.UTF8.GetByteCount(pair.Key) + Encoding.UTF8.GetByteCount(pair.Value) + 2);
            }

            _block = (byte*)NativeMemory.Alloc(pointerBytes + textBytes);
            Keys = (byte**)_block;
            Values = Keys + Math.Max(Count, 1);
            byte* text = _block + pointerBytes;
            for (int i = 0; i < Count; i++)
            {
                Keys[i] = text;
                text = Write(pairs[i].Key, text);
                Values[i] = text;
                text = Write(pairs[i].Value, text);
            }
        }

        public int Count { get; }

        public byte** Keys { get; }

        public byte** Values { get; }

        public void Dispose()
        {
            NativeMemory.Free(_block);
            _block = null;
        }

        private static byte* Write(string value, byte* destination)
        {
            int written = Encoding.UTF8.GetBytes(value, new Span<byte>(destination, Encoding.UTF8.GetByteCount(value)));
            destination[written] = 0;
            return destination + written + 1;
        }
    }
}
