using System.Globalization;
using System.Net;

namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>
/// The sockets a process holds, from <c>/proc/PID/fd</c> (socket inodes) matched against the kernel's
/// socket tables in <c>/proc/PID/net/</c>. Network sockets are TCP, UDP and raw over IPv4/IPv6; any
/// socket found in none of the tables (netlink, packet...) is reported as <c>other</c>.
/// </summary>
public static class ProcessSockets
{
    private static readonly string[] s_inetTables = ["tcp", "tcp6", "udp", "udp6", "raw", "raw6"];

    public static IReadOnlyList<ProcessSocket> List(int processId)
    {
        var inodes = new HashSet<long>();
        foreach (string fd in Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed while listing
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(long.Parse(target["socket:[".Length..^1], CultureInfo.InvariantCulture));
            }
        }

        var sockets = new List<ProcessSocket>();
        var found = new HashSet<long>();
        foreach (string table in s_inetTables)
        {
            foreach (string line in File.ReadLines($"/proc/{processId}/net/{table}").Skip(1))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                long inode = long.Parse(fields[9], CultureInfo.InvariantCulture);
                if (inodes.Contains(inode) && found.Add(inode))
                {
                    sockets.Add(new ProcessSocket(table, ParseEndpoint(fields[1]), ParseEndpoint(fields[2]), TcpState(table, fields[3])));
                }
            }
        }

        foreach (string line in File.ReadLines($"/proc/{processId}/net/unix").Skip(1))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long inode = long.Parse(fields[6], CultureInfo.InvariantCulture);
            if (inodes.Contains(inode) && found.Add(inode))
            {
                sockets.Add(new ProcessSocket("unix", null, null, fields.Length > 7 ? fields[7] : "(unnamed)"));
            }
        }

        foreach (long inode in inodes)
        {
            if (!found.Contains(inode))
            {
                sockets.Add(new ProcessSocket("other", null, null, $"inode {inode}"));
            }
        }

        return sockets;
    }

    private static IPEndPoint ParseEndpoint(string text)
    {
        // The kernel prints addresses as hex of the in-memory (network order) bytes, read as host-order words.
        string[] parts = text.Split(':');
        byte[] address = Convert.FromHexString(parts[0]);
        for (int word = 0; word < address.Length; word += 4)
        {
            Array.Reverse(address, word, 4);
        }

        return new IPEndPoint(new IPAddress(address), int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    private static string TcpState(string table, string hex) => !table.StartsWith("tcp", StringComparison.Ordinal) ? "-" : hex switch
    {
        "01" => "ESTABLISHED",
        "0A" => "LISTEN",
        "06" => "TIME_WAIT",
        "08" => "CLOSE_WAIT",
        _ => $"state 0x{hex}",
    };
}
