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
    /// Calls <paramref name="publish"/> until <paramref name="sub"/> receives a whole message on it,
    /// returning that message's frames.
    /// </summary>
    internal static List<byte[]> ReceiveWhilePublishing(ZmqSocket sub, Action publish, TimeSpan? timeout = null)
    {
        var frames = new List<byte[]>();
        TimeSpan previous = sub.ReceiveTimeout;
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(25);
        try
        {
            long deadline = Environment.TickCount64 + (long)(timeout ?? Timeout).TotalMilliseconds;
            while (Environment.TickCount64 < deadline)
            {
                publish();
                if (sub.ReceiveMultipart(frames))
                {
                    return frames;
                }
            }
        }
        finally
        {
            sub.ReceiveTimeout = previous;
        }

        throw new TimeoutException("no message arrived in time");
    }
}
