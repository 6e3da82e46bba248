using System.Net.Sockets;
using System.Text;

namespace EdgeMer.Host.Runtime;

/// <summary>
/// Tells systemd (a <c>Type=notify</c> unit) when EdgeMer is ready and when it is stopping, over the
/// datagram socket systemd names in <c>NOTIFY_SOCKET</c>. Does nothing when not started by systemd.
/// </summary>
public sealed class SystemdNotifier
{
    private readonly string? _socketPath;

    public SystemdNotifier(string? notifySocket)
    {
        // "@name" is an abstract socket: the name starts with a NUL byte.
        _socketPath = string.IsNullOrEmpty(notifySocket) ? null : notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket;
    }

    /// <summary>A notifier for the socket this process was given, if any.</summary>
    public static SystemdNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    public bool Enabled => _socketPath is not null;

    /// <summary>Sends <paramref name="state"/> (for example <c>READY=1</c>); false when there is no socket or it failed.</summary>
    public bool Notify(string state)
    {
        if (_socketPath is null)
        {
            return false;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(_socketPath));
            socket.Send(Encoding.UTF8.GetBytes(state));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
