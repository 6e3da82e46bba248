using System.Net;
using System.Net.Sockets;

namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>
/// A TCP relay between a subscriber and a device's publisher that keeps a copy of every byte in both
/// directions. The subscriber connects to <see cref="Endpoint"/> instead of to the device.
/// </summary>
public sealed class WireRecordingRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _target;
    private readonly MemoryStream _fromDevice = new();
    private readonly MemoryStream _toDevice = new();
    private readonly Task _relay;
    private TcpClient? _subscriber;
    private TcpClient? _device;

    public WireRecordingRelay(string deviceEndpoint)
    {
        _target = deviceEndpoint;
        _listener.Start();
        Endpoint = $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _relay = Task.Run(RunAsync);
    }

    /// <summary>Where the subscriber connects.</summary>
    public string Endpoint { get; }

    /// <summary>Waits until both directions ended (the device or the subscriber closed).</summary>
    public bool WaitForEnd(TimeSpan timeout) => _relay.Wait(timeout);

    /// <summary>Every byte the device sent.</summary>
    public byte[] FromDevice()
    {
        lock (_fromDevice)
        {
            return _fromDevice.ToArray();
        }
    }

    /// <summary>Every byte sent to the device.</summary>
    public byte[] ToDevice()
    {
        lock (_toDevice)
        {
            return _toDevice.ToArray();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _subscriber?.Dispose();
        _device?.Dispose();
        try
        {
            _relay.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The relay ends with a socket error when it is torn down mid-copy; the bytes are kept.
        }
    }

    private async Task RunAsync()
    {
        _subscriber = await _listener.AcceptTcpClientAsync();
        _listener.Stop(); // one subscriber per recording
        var uri = new Uri(_target);
        _device = new TcpClient();
        await _device.ConnectAsync(uri.Host, uri.Port);
        Task down = CopyAsync(_device.GetStream(), _subscriber.GetStream(), _fromDevice);
        Task up = CopyAsync(_subscriber.GetStream(), _device.GetStream(), _toDevice);
        await Task.WhenAny(down, up);

        // When one side closes, close the other so its copy ends too.
        _subscriber.Client.Shutdown(SocketShutdown.Both);
        _device.Client.Shutdown(SocketShutdown.Both);
        try
        {
            await Task.WhenAll(down, up);
        }
        catch (IOException)
        {
        }
    }

    private static async Task CopyAsync(NetworkStream from, NetworkStream to, MemoryStream record)
    {
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await from.ReadAsync(buffer);
            }
            catch (IOException)
            {
                return;
            }

            if (read == 0)
            {
                return;
            }

            lock (record)
            {
                record.Write(buffer, 0, read);
            }

            try
            {
                await to.WriteAsync(buffer.AsMemory(0, read));
            }
            catch (IOException)
            {
                return;
            }
        }
    }
}
