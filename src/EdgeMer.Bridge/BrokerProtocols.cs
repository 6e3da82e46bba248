using MQTTnet.Formatter;

namespace EdgeMer.Bridge;

/// <summary>The MQTT versions <c>Bridge:Broker:Protocol</c> names: the first is tried first, the next when the broker refuses it.</summary>
internal static class BrokerProtocols
{
    public static MqttProtocolVersion[]? Parse(string? text) => text switch
    {
        "auto" => [MqttProtocolVersion.V500, MqttProtocolVersion.V311],
        "5" or "5.0" => [MqttProtocolVersion.V500],
        "3.1.1" => [MqttProtocolVersion.V311],
        _ => null,
    };

    public static string Name(MqttProtocolVersion version) => version switch
    {
        MqttProtocolVersion.V500 => "5",
        MqttProtocolVersion.V311 => "3.1.1",
        MqttProtocolVersion.V310 => "3.1",
        _ => version.ToString(),
    };
}
