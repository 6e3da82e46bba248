using System.Runtime.InteropServices;
using EdgeMer.Messaging.Interop.Zmq;

namespace EdgeMer.Messaging.Zmq;

/// <summary>
/// Waits for any of a fixed set of sockets to become readable (zmq_poll). Owned by the thread that
/// owns the sockets. The native poll items are allocated once, so polling allocates nothing.
/// </summary>
public sealed unsafe class ZmqPoller : IDisposable
{
    private readonly ZmqSocket[] _sockets;
    private readonly LibZmq.PollItem* _items;
    private bool _disposed;

    public ZmqPoller(params ZmqSocket[] sockets)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        if (sockets.Length == 0)
        {
            throw new ArgumentException("poll needs at least one socket", nameof(sockets));
        }

        _sockets = (ZmqSocket[])sockets.Clone();
        _items = (LibZmq.PollItem*)NativeMemory.AllocZeroed((nuint)_sockets.Length, (nuint)sizeof(LibZmq.PollItem));
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> until a socket has a message; returns how many do.
    /// Check each with <see cref="IsReadable"/>.
    /// </summary>
    public int Poll(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int taken = 0;
        try
        {
            // Hold every handle while libzmq uses its raw pointer.
            for (; taken < _sockets.Length; taken++)
            {
                ZmqSocket socket = _sockets[taken];
                socket.EnsureOwner();
                bool added = false;
                socket.Handle.DangerousAddRef(ref added);
                _items[taken] = new LibZmq.PollItem { Socket = socket.Handle.DangerousGetHandle(), Events = LibZmq.PollIn };
            }

            long milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (long)Math.Ceiling(timeout.TotalMilliseconds);
            int rc = LibZmq.Poll(_items, _sockets.Length, milliseconds);
            if (rc < 0)
            {
                int code = ZmqError.LastCode();
                if (code == LibZmq.EIntr)
                {
                    return 0;
                }

                throw ZmqError.Create("zmq_poll", code);
            }

            return rc;
        }
        finally
        {
            for (int i = 0; i < taken; i++)
            {
                _sockets[i].Handle.DangerousRelease();
            }
        }
    }

    /// <summary>Whether socket <paramref name="index"/> (constructor order) had a message at the last <see cref="Poll"/>.</summary>
    public bool IsReadable(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _sockets.Length);
        return (_items[index].ReturnedEvents & LibZmq.PollIn) != 0;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            NativeMemory.Free(_items);
        }
    }
}
