using System.Runtime.InteropServices;

namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>
/// Searches recorded wire bytes for any run of input bytes: every 16-byte window of every media
/// buffer is looked up among every 16-byte window of the recording. Windows with fewer than
/// <see cref="MinDistinctBytes"/> different byte values (digital silence, flat colour) are not
/// evidence of anything, since protocol padding has them too; they are counted and reported.
/// </summary>
public static class MediaLeakScanner
{
    public const int Window = 16;

    public const int MinDistinctBytes = 6;

    public static MediaLeakReport Scan(IReadOnlyList<MediaBuffer> media, IReadOnlyList<byte[]> recordings)
    {
        var recorded = new HashSet<UInt128>();
        foreach (byte[] recording in recordings)
        {
            for (int i = 0; i + Window <= recording.Length; i++)
            {
                recorded.Add(MemoryMarshal.Read<UInt128>(recording.AsSpan(i, Window)));
            }
        }

        var leaks = new List<string>();
        long distinctive = 0;
        long uninformative = 0;
        foreach (MediaBuffer buffer in media)
        {
            ReadOnlySpan<byte> bytes = buffer.Bytes;
            for (int i = 0; i + Window <= bytes.Length; i++)
            {
                ReadOnlySpan<byte> window = bytes.Slice(i, Window);
                if (!IsDistinctive(window))
                {
                    uninformative++;
                    continue;
                }

                distinctive++;
                if (recorded.Contains(MemoryMarshal.Read<UInt128>(window)) && leaks.Count < 20)
                {
                    leaks.Add($"{buffer.Name} bytes {i}..{i + Window - 1}: {Convert.ToHexString(window)}");
                }
            }
        }

        return new MediaLeakReport(leaks, distinctive, uninformative, recorded.Count);
    }

    private static bool IsDistinctive(ReadOnlySpan<byte> window)
    {
        Span<bool> seen = stackalloc bool[256];
        int distinct = 0;
        foreach (byte b in window)
        {
            if (!seen[b])
            {
                seen[b] = true;
                if (++distinct >= MinDistinctBytes)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
