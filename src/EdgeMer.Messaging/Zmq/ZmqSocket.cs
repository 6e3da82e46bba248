using System.Buffers;
using System.Runtime.InteropServices;
using EdgeMer.Messaging.Interop.Zmq;

namespace EdgeMer.Messaging.Zmq;

/// <summary>
/// A ZeroMQ socket. Like the libzmq socket it wraps, it belongs to the thread that created it: every
/// call from another thread is refused, because libzmq sockets are not thread-safe and a race there
/// corrupts the socket instead of failing. <see cref="Dispose"/> is the exception (end of life).
/// </summary>
public sealed partial class ZmqSocket : IDisposable
{
    private readonly ZmqContext _context;
    private readonly ZmqSocketHandle _handle;
    // Managed thread id of the owner, or Unowned while a socket waits to be claimed by its first user.
    private const int Unowned = 0;
    private int _ownerThreadId;

    internal ZmqSocket(ZmqContext context, ZmqSocketType type)
    {
        _context = context;

        // The socket keeps its context alive until it is closed (see ZmqSocketHandle).
        bool leased = false;
        context.Handle.DangerousAddRef(ref leased);
        try
        {
            _handle = LibZmq.Socket(context.Handle, (int)type);
            if (_handle.IsInvalid)
            {
                ZmqException error = ZmqError.Create($"zmq_socket({type})");
                _handle.Dispose();
                throw error;
            }
        }
        catch
        {
            context.Handle.DangerousRelease();
            throw;
        }

        _handle.AdoptContextLease(context.Handle);
        _ownerThreadId = Environment.CurrentManagedThreadId;
        Type = type;

        // EdgeMer never wants close or shutdown to wait for undelivered messages.
        Linger = TimeSpan.Zero;
    }

    /// <summary>The socket type it was created as.</summary>
    public ZmqSocketType Type { get; }

    /// <summary>The context the socket lives in.</summary>
    public ZmqContext Context => _context;

    internal ZmqSocketHandle Handle => _handle;

    /// <summary>Binds to <paramref name="endpoint"/>; <c>tcp://127.0.0.1:*</c> picks a free port (read <see cref="LastEndpoint"/>).</summary>
    public void Bind(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        EnsureOwner();
        ZmqError.ThrowIfFailed(LibZmq.Bind(_handle, endpoint), $"zmq_bind({endpoint})");
    }

    /// <summary>Connects to <paramref name="endpoint"/> (asynchronously: libzmq reconnects until it succeeds).</summary>
    public void Connect(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        EnsureOwner();
        ZmqError.ThrowIfFailed(LibZmq.Connect(_handle, endpoint), $"zmq_connect({endpoint})");
    }

    /// <summary>Stops listening on an endpoint given to <see cref="Bind"/> (the resolved one for wildcards).</summary>
    public void Unbind(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        EnsureOwner();
        ZmqError.ThrowIfFailed(LibZmq.Unbind(_handle, endpoint), $"zmq_unbind({endpoint})");
    }

    /// <summary>Drops the connection made by <see cref="Connect"/> to <paramref name="endpoint"/>.</summary>
    public void Disconnect(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        EnsureOwner();
        ZmqError.ThrowIfFailed(LibZmq.Disconnect(_handle, endpoint), $"zmq_disconnect({endpoint})");
    }

    /// <summary>
    /// Queues one frame without waiting. Returns false when the socket cannot take it now (high-water
    /// mark reached, or no peer for socket types that need one); the frame is then not sent.
    /// </summary>
    public bool TrySend(ReadOnlySpan<byte> frame, bool more = false) => SendCore(frame, more, LibZmq.DontWait);

    /// <summary>Queues one frame, waiting up to <see cref="SendTimeout"/>; false if that ran out.</summary>
    public bool Send(ReadOnlySpan<byte> frame, bool more = false) => SendCore(frame, more, 0);

    /// <summary>Receives one frame into <paramref name="destination"/> if one is waiting; never blocks.</summary>
    public bool TryReceive(IBufferWriter<byte> destination, out bool more) =>
        ReceiveCore(destination, LibZmq.DontWait, out more, readUserId: false, out _);

    /// <summary>Receives one frame, waiting up to <see cref="ReceiveTimeout"/>; false if that ran out.</summary>
    public bool Receive(IBufferWriter<byte> destination, out bool more) =>
        ReceiveCore(destination, 0, out more, readUserId: false, out _);

    /// <summary>
    /// Receives one frame like <see cref="Receive(IBufferWriter{byte}, out bool)"/> and also reports the
    /// peer's authenticated identity: the User-Id the ZAP handler gave its connection (null without ZAP).
    /// </summary>
    public bool Receive(IBufferWriter<byte> destination, out bool more, out string? userId) =>
        ReceiveCore(destination, 0, out more, readUserId: true, out userId);

    /// <summary>
    /// Receives one frame if one is waiting, never blocking, and copies at most
    /// <paramref name="destination"/>'s length of it. <paramref name="frameSize"/> is the frame's
    /// whole size: a larger frame is consumed without being copied (libzmq frees it), so a reader can
    /// refuse, or skip, frames it has no room for without holding them in managed memory.
    /// </summary>
    public bool TryReceive(Span<byte> destination, out int frameSize, out bool more) =>
        TryReceiveCore(destination, out frameSize, out more, property: null, out _);

    /// <summary>
    /// Receives one frame like <see cref="TryReceive(Span{byte}, out int, out bool)"/> and reads one
    /// metadata property of the connection it came on (zmq_msg_gets): e.g. <c>User-Id</c>, or one
    /// the ZAP handler set (<see cref="Security.ZapHandler.ClientKeyProperty"/>). Null when the
    /// connection has no such property.
    /// </summary>
    public bool TryReceive(Span<byte> destination, out int frameSize, out bool more, string property, out string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(property);
        return TryReceiveCore(destination, out frameSize, out more, property, out value);
    }

    /// <summary>Receives a whole multipart message (waiting up to <see cref="ReceiveTimeout"/>), one array per frame.</summary>
    public bool ReceiveMultipart(List<byte[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        frames.Clear();
        var buffer = new ArrayBufferWriter<byte>();
        bool more = true;
        while (more)
        {
            buffer.ResetWrittenCount();
            if (!ReceiveCore(buffer, 0, out more, readUserId: false, out _))
            {
                if (frames.Count == 0)
                {
                    return false;
                }

                // libzmq delivers the parts of a message atomically; the rest is already here.
                throw new InvalidOperationException("a multipart message ended early");
            }

            frames.Add(buffer.WrittenSpan.ToArray());
        }

        return true;
    }

    /// <summary>
    /// Starts reporting this socket's connection events (see <see cref="ZmqMonitorEvents"/>). The
    /// returned monitor is read from one thread, which need not be this socket's: the first thread
    /// that reads it owns it from then on.
    /// </summary>
    public ZmqSocketMonitor Monitor(ZmqMonitorEvents events)
    {
        EnsureOwner();
        return new ZmqSocketMonitor(this, events);
    }

    internal void StartMonitor(string endpoint, ZmqMonitorEvents events)
    {
        EnsureOwner();
        ZmqError.ThrowIfFailed(LibZmq.SocketMonitor(_handle, endpoint, (int)events), $"zmq_socket_monitor({endpoint})");
    }

    /// <summary>
    /// Stops the socket's monitor, if it has one. Unlike the rest of the socket this may be called
    /// from any thread: libzmq guards a socket's monitor with a lock of its own.
    /// </summary>
    internal void StopMonitor()
    {
        if (_handle.IsClosed)
        {
            // Closing the socket stopped its monitor.
            return;
        }

        try
        {
            // Nothing to act on if it fails: the context is terminating, which stops monitors too.
            _ = LibZmq.SocketMonitor(_handle, null, 0);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile, by its owner.
        }
    }

    /// <summary>
    /// Hands <paramref name="lease"/> to the socket, which disposes it only after libzmq has closed
    /// the socket, however the socket ends (Dispose or finalizer).
    /// </summary>
    internal void ReleaseAfterClose(IDisposable lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        EnsureOwner();
        _handle.ReleaseAfterClose(lease);
    }

    /// <summary>
    /// Closes the socket. Allowed from any thread: nothing may use the socket afterwards. Closing the
    /// last socket of a disposed context terminates that context.
    /// </summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// Gives the socket up: the next thread that uses it becomes its owner. libzmq allows a socket
    /// to move between threads with a full memory barrier, which the claim's interlocked exchange is.
    /// </summary>
    internal void ReleaseOwnership()
    {
        EnsureOwner();
        Interlocked.Exchange(ref _ownerThreadId, Unowned);
    }

    internal void EnsureOwner()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        int current = Environment.CurrentManagedThreadId;
        int owner = Volatile.Read(ref _ownerThreadId);
        if (owner == current)
        {
            return;
        }

        if (owner == Unowned && (owner = Interlocked.CompareExchange(ref _ownerThreadId, current, Unowned)) == Unowned)
        {
            return;
        }

        throw new InvalidOperationException(
            $"this {Type} socket belongs to managed thread {owner}; it was used from thread {current}");
    }

    private unsafe bool SendCore(ReadOnlySpan<byte> frame, bool more, int flags)
    {
        EnsureOwner();
        if (more)
        {
            flags |= LibZmq.SendMore;
        }

        int rc;
        fixed (byte* data = frame)
        {
            rc = LibZmq.Send(_handle, data, (nuint)frame.Length, flags);
        }

        if (rc >= 0)
        {
            return true;
        }

        int code = ZmqError.LastCode();
        if (code == LibZmq.EAgain)
        {
            return false;
        }

        throw ZmqError.Create($"zmq_send({Type})", code);
    }

    private unsafe bool ReceiveCore(IBufferWriter<byte> destination, int flags, out bool more, bool readUserId, out string? userId)
    {
        userId = null;
        ArgumentNullException.ThrowIfNull(destination);
        LibZmq.Message message = default;
        if (!TryReceiveMessage(&message, flags))
        {
            more = false;
            return false;
        }

        try
        {
            int size = checked((int)LibZmq.MsgSize(&message));
            if (size > 0)
            {
                new ReadOnlySpan<byte>(LibZmq.MsgData(&message), size).CopyTo(destination.GetSpan(size));
                destination.Advance(size);
            }

            more = LibZmq.MsgMore(&message) != 0;
            if (readUserId)
            {
                userId = ReadProperty(&message, "User-Id");
            }

            return true;
        }
        finally
        {
            // Closing an initialised message cannot fail in a way the caller could act on.
            _ = LibZmq.MsgClose(&message);
        }
    }

    private unsafe bool TryReceiveCore(Span<byte> destination, out int frameSize, out bool more, string? property, out string? value)
    {
        value = null;
        LibZmq.Message message = default;
        if (!TryReceiveMessage(&message, LibZmq.DontWait))
        {
            frameSize = 0;
            more = false;
            return false;
        }

        try
        {
            frameSize = checked((int)LibZmq.MsgSize(&message));
            int copied = Math.Min(frameSize, destination.Length);
            if (copied > 0)
            {
                new ReadOnlySpan<byte>(LibZmq.MsgData(&message), copied).CopyTo(destination);
            }

            more = LibZmq.MsgMore(&message) != 0;
            if (property is not null)
            {
                value = ReadProperty(&message, property);
            }

            return true;
        }
        finally
        {
            _ = LibZmq.MsgClose(&message);
        }
    }

    /// <summary>Receives one frame into an initialised <paramref name="message"/>; false (and nothing to close) if none came.</summary>
    private unsafe bool TryReceiveMessage(LibZmq.Message* message, int flags)
    {
        EnsureOwner();
        ZmqError.ThrowIfFailed(LibZmq.MsgInit(message), "zmq_msg_init");
        if (LibZmq.MsgRecv(message, _handle, flags) >= 0)
        {
            return true;
        }

        int code = ZmqError.LastCode();
        _ = LibZmq.MsgClose(message);
        if (code == LibZmq.EAgain)
        {
            return false;
        }

        throw ZmqError.Create($"zmq_msg_recv({Type})", code);
    }

    private static unsafe string? ReadProperty(LibZmq.Message* message, string property)
    {
        byte* value = LibZmq.MsgGets(message, property);
        return value is null ? null : Marshal.PtrToStringUTF8((IntPtr)value);
    }
}
