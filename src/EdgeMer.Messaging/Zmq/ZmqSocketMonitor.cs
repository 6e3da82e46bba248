using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EdgeMer.Messaging.Zmq;

/// <summary>
/// Reads the connection events of one socket (connects, handshakes, authentication failures) from the
/// PAIR socket libzmq publishes them on. It is created on the monitored socket's thread, but belongs
/// to the first thread that reads it, which need not be that one; any other thread is then refused.
/// <para>
/// libzmq sends each event with a blocking send, on whichever thread raised it (usually the
/// context's I/O thread). An event with no reader to take it would stall that thread, and with it
/// every socket of the context; so the reader's queue is unbounded, and <see cref="Dispose"/> stops
/// the monitoring before it closes the reader.
/// </para>
/// </summary>
public sealed class ZmqSocketMonitor : IDisposable
{
    private static long s_nextId;
    private readonly ZmqSocket _monitored;
    private readonly ZmqSocket _events;
    private readonly ArrayBufferWriter<byte> _buffer = new(64);

    internal ZmqSocketMonitor(ZmqSocket monitored, ZmqMonitorEvents events)
    {
        string endpoint = $"inproc://edgemer.monitor.{Interlocked.Increment(ref s_nextId)}";
        _monitored = monitored;
        monitored.StartMonitor(endpoint, events);
        try
        {
            _events = monitored.Context.CreateSocket(ZmqSocketType.Pair);
        }
        catch
        {
            monitored.StopMonitor();
            throw;
        }

        try
        {
            _events.ReceiveHighWaterMark = 0;

            // Connected here, at once, so no event is missed before the first read.
            _events.Connect(endpoint);
            _events.ReleaseOwnership();
        }
        catch
        {
            monitored.StopMonitor();
            _events.Dispose();
            throw;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the next event.</summary>
    public bool TryReceive(TimeSpan timeout, out ZmqMonitorEvent monitorEvent)
    {
        monitorEvent = default;
        _events.ReceiveTimeout = timeout;
        _buffer.ResetWrittenCount();
        if (!_events.Receive(_buffer, out bool more))
        {
            return false;
        }

        if (!more || _buffer.WrittenCount < 6)
        {
            throw new InvalidOperationException($"unexpected socket monitor frame of {_buffer.WrittenCount} bytes");
        }

        // Host byte order (the monitor never crosses a machine boundary).
        ReadOnlySpan<byte> header = _buffer.WrittenSpan;
        var kind = (ZmqMonitorEvents)(BitConverter.IsLittleEndian
            ? BinaryPrimitives.ReadUInt16LittleEndian(header)
            : BinaryPrimitives.ReadUInt16BigEndian(header));
        int value = BitConverter.IsLittleEndian
            ? BinaryPrimitives.ReadInt32LittleEndian(header[2..])
            : BinaryPrimitives.ReadInt32BigEndian(header[2..]);

        _buffer.ResetWrittenCount();
        _events.ReceiveTimeout = TimeSpan.FromSeconds(1);
        if (!_events.Receive(_buffer, out _))
        {
            throw new InvalidOperationException("socket monitor event arrived without its endpoint frame");
        }

        monitorEvent = new ZmqMonitorEvent(kind, value, Encoding.UTF8.GetString(_buffer.WrittenSpan));
        return true;
    }

    /// <summary>
    /// Waits until an event in <paramref name="wanted"/> arrives, skipping others, for up to
    /// <paramref name="timeout"/> in all.
    /// </summary>
    public bool WaitFor(ZmqMonitorEvents wanted, TimeSpan timeout, out ZmqMonitorEvent monitorEvent)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            long left = deadline - Environment.TickCount64;
            if (left <= 0 || !TryReceive(TimeSpan.FromMilliseconds(left), out monitorEvent))
            {
                monitorEvent = default;
                return false;
            }

            if ((monitorEvent.Event & wanted) != 0)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Stops the monitoring (unless the monitored socket is already closed, which stops it too), then
    /// closes the reader. Allowed from any thread.
    /// </summary>
    public void Dispose()
    {
        _monitored.StopMonitor();
        _events.Dispose();
    }
}
