using EdgeMer.Messaging.Zmq;
using Polly;

namespace EdgeMer.Messaging;

/// <summary>
/// The thread that owns one socket, as libzmq requires: the socket is created, configured and bound
/// on it, served on it and closed on it. <see cref="Start"/> returns once the socket is open, or
/// throws what opening it threw, leaving nothing open behind.
/// </summary>
internal static class SocketThread
{
    // How long a serving loop waits for a message before it checks whether it is being stopped.
    private static readonly TimeSpan s_stopCheckInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Starts a background thread named <paramref name="name"/> that creates a socket of
    /// <paramref name="type"/>, passes it to <paramref name="open"/> (options, bind) and, once that
    /// succeeded and this method has returned, to <paramref name="serve"/>; the socket is closed when
    /// <paramref name="serve"/> returns.
    /// </summary>
    public static Thread Start(string name, ZmqContext context, ZmqSocketType type, Action<ZmqSocket> open, Action<ZmqSocket> serve)
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            ZmqSocket socket;
            try
            {
                socket = context.CreateSocket(type);
                try
                {
                    open(socket);
                }
                catch
                {
                    // A socket left open would keep the context from ever terminating.
                    socket.Dispose();
                    throw;
                }
            }
            catch (Exception e)
            {
                opened.SetException(e);
                return;
            }

            opened.SetResult();
            using (socket)
            {
                serve(socket);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };

        thread.Start();
        try
        {
            opened.Task.GetAwaiter().GetResult();
        }
        catch
        {
            thread.Join();
            throw;
        }

        return thread;
    }

    /// <summary>
    /// Serves <paramref name="socket"/> until <paramref name="stopping"/> is cancelled, calling
    /// <paramref name="readable"/> whenever a message is waiting. An iteration that throws is reported to
    /// <paramref name="failed"/> with the pause taken, on <paramref name="time"/>, before the next one
    /// (<see cref="MessagingRetry"/>); it never ends the loop, so one bad message cannot take the
    /// socket, or the process, down.
    /// </summary>
    public static void ServeWhenReadable(
        ZmqSocket socket,
        Action readable,
        Action<TimeSpan, Exception> failed,
        TimeProvider time,
        CancellationToken stopping)
    {
        using var poller = new ZmqPoller(socket);
        ResiliencePipeline retry = MessagingRetry.Create(time, failed);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                retry.Execute(
                    static (loop, _) =>
                    {
                        // zmq_poll is libzmq's own wait: the interval only bounds how late a stop is noticed.
                        if (loop.Poller.Poll(s_stopCheckInterval) > 0)
                        {
                            loop.Readable();
                        }
                    },
                    (Poller: poller, Readable: readable),
                    stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopped during a pause.
                return;
            }
        }
    }
}
