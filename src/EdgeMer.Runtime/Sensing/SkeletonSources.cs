using EdgeMer.Messaging.Zmq;
using EdgeMer.Perception.Body;

namespace EdgeMer.Runtime.Sensing;

/// <summary>Where skeleton streams come from: a file or named pipe of JSON lines, or a ZeroMQ publisher.</summary>
internal static class SkeletonSources
{
    /// <summary>Whether <paramref name="source"/> names a ZeroMQ publisher rather than a file.</summary>
    public static bool IsEndpoint(string source) =>
        source.StartsWith("tcp://", StringComparison.Ordinal) || source.StartsWith("ipc://", StringComparison.Ordinal);

    /// <summary>
    /// Subscribes to the publisher at <paramref name="endpoint"/> and hands each skeleton to
    /// <paramref name="take"/> until cancelled. Each message holds one or more JSON lines; a message over
    /// <see cref="SkeletonStreamReader.MaxLineBytes"/> is dropped by ZeroMQ itself, and a line that is not a
    /// valid skeleton goes to <paramref name="skipped"/>, naming the message and line.
    /// </summary>
    public static void Receive(string endpoint, BodyPose pose, Action<SkeletonLine> take, Action<SkeletonStreamException> skipped, CancellationToken cancellationToken)
    {
        using var context = new ZmqContext();
        using ZmqSocket sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.MaxMessageSize = SkeletonStreamReader.MaxLineBytes;
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(200);
        sub.Subscribe("");
        sub.Connect(endpoint);
        var frames = new List<byte[]>(1);
        long messages = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!sub.ReceiveMultipart(frames))
            {
                continue;
            }

            messages++;
            foreach (byte[] frame in frames)
            {
                using var reader = new SkeletonStreamReader(new MemoryStream(frame, writable: false), $"{endpoint} message {messages}");
                try
                {
                    while (reader.TryRead(pose, out SkeletonLine line))
                    {
                        take(line);
                    }
                }
                catch (SkeletonStreamException e)
                {
                    skipped(e);
                }
            }
        }
    }
}
