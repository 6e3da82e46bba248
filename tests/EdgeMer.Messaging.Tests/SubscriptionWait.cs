using System.Buffers;
using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Messaging.Tests;

/// <summary>
/// PUB/SUB subscriptions travel asynchronously: a message published before the subscription
/// reached the publisher is not delivered. These wait for the real event (a message arriving),
/// publishing again between bounded waits, instead of sleeping.
/// </summary>
internal static class SubscriptionWait
{
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Sends <paramref name="frame"/> on <paramref name="pub"/> until <paramref name="sub"/> receives a message.</summary>
    internal static void UntilReceived(ZmqSocket pub, ZmqSocket sub, ReadOnlySpan<byte> frame)
    {
        var buffer = new ArrayBufferWriter<byte>();
        TimeSpan previous = sub.ReceiveTimeout;
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(20);
        try
        {
            long deadline = Environment.TickCount64 + (long)Timeout.TotalMilliseconds;
            while (Environment.TickCount64 < deadline)
            {
                pub.TrySend(frame);
                if (sub.Receive(buffer, out _))
                {
                    return;
                }
            }
        }
        finally
        {
            sub.ReceiveTimeout = previous;
        }

        throw new TimeoutException("the subscription did not reach the publisher in time");
    }

    /// <summary>
    /// Calls <paramref name="publish"/> until <paramref name="sub"/> receives a message on it,
    /// returning that message, which must be one frame (see <see cref="TryReceiveMessage"/>).
    /// </summary>
    internal static byte[] ReceiveWhilePublishing(ZmqSocket sub, Action publish, TimeSpan? timeout = null)
    {
        TimeSpan previous = sub.ReceiveTimeout;
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(25);
        try
        {
            long deadline = Environment.TickCount64 + (long)(timeout ?? Timeout).TotalMilliseconds;
            while (Environment.TickCount64 < deadline)
            {
                publish();
                if (TryReceiveMessage(sub, out byte[] message))
                {
                    return message;
                }
            }
        }
        finally
        {
            sub.ReceiveTimeout = previous;
        }

        throw new TimeoutException("no message arrived in time");
    }

    /// <summary>
    /// Receives one EdgeMer message (waiting up to the socket's receive timeout); fails the test when
    /// it is not a single frame, the layout every EdgeMer message has.
    /// </summary>
    internal static bool TryReceiveMessage(ZmqSocket sub, out byte[] message)
    {
        var frames = new List<byte[]>(1);
        if (!sub.ReceiveMultipart(frames))
        {
            message = [];
            return false;
        }

        message = Assert.Single(frames);
        return true;
    }
}
