using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;

namespace EdgeMer.Bridge;

/// <summary>
/// MQTT over TCP (with or without TLS) only. MQTTnet's default adapter factory also handles WebSocket
/// connections, which brings .NET's HTTP client and WebSocket code into the Native AOT binary; the
/// bridge never uses them, so it builds its connections here instead (<see cref="CreateClient"/>).
/// </summary>
public sealed class TcpOnlyClientAdapterFactory : IMqttClientAdapterFactory
{
    /// <summary>An MQTT client that connects over TCP only; everything in EdgeMer that speaks MQTT makes its clients here.</summary>
    public static MqttClient CreateClient() => new(new TcpOnlyClientAdapterFactory(), new MqttNetNullLogger());

    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChannelOptions is not MqttClientTcpOptions)
        {
            throw new NotSupportedException("the bridge connects to brokers over TCP (with or without TLS) only");
        }

        var formatter = new MqttPacketFormatterAdapter(options.ProtocolVersion, new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
        return new MqttChannelAdapter(new MqttTcpChannel(options), formatter, logger)
        {
            AllowPacketFragmentation = options.AllowPacketFragmentation,
            PacketInspector = packetInspector,
        };
    }
}
