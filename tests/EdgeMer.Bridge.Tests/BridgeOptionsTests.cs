using Microsoft.Extensions.Options;

namespace EdgeMer.Bridge.Tests;

public sealed class BridgeOptionsTests
{
    private static BridgeOptions Valid() => new()
    {
        Devices = [new BridgeDeviceOptions { Endpoint = "ipc:///run/edgemer/cabin-1.pub" }],
        AlertQueue = new AlertQueueOptions { Directory = "/var/lib/edgemer-bridge/alerts" },
    };

    [Fact]
    public void A_complete_configuration_passes()
    {
        Assert.True(new BridgeOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Theory]
    [InlineData("Bridge:Devices must list at least one device")]
    [InlineData("Bridge:Devices:0:Endpoint 'tcp://192.0.2.10:*' names no port")]
    [InlineData("Bridge:Devices:0:Device 'a+b'")]
    [InlineData("Bridge:Devices:0:ServerKey '/nonexistent/device.key' does not exist")]
    [InlineData("Bridge:Broker:Protocol '4' must be auto")]
    [InlineData("Bridge:Broker:Username must be set when a password is")]
    [InlineData("Bridge:Broker:Tls:ClientCertificate and Bridge:Broker:Tls:ClientKey go together")]
    [InlineData("Bridge:AlertQueue:Capacity 0 must be from 1 to 1000000")]
    [InlineData("Bridge:AlertQueue:Directory must name the folder")]
    [InlineData("Bridge:TopicPrefix 'edgemer/#'")]
    public void Each_problem_is_named_with_its_key(string expected)
    {
        BridgeOptions options = Valid();
        switch (expected)
        {
            case var e when e.Contains("at least one device", StringComparison.Ordinal): options.Devices.Clear(); break;
            case var e when e.Contains("names no port", StringComparison.Ordinal): options.Devices[0].Endpoint = "tcp://192.0.2.10:*"; break;
            case var e when e.Contains("Device 'a+b'", StringComparison.Ordinal): options.Devices[0].Device = "a+b"; break;
            case var e when e.Contains("ServerKey", StringComparison.Ordinal): options.Devices[0].ServerKey = "/nonexistent/device.key"; options.ClientKeys = null; break;
            case var e when e.Contains("Protocol", StringComparison.Ordinal): options.Broker.Protocol = "4"; break;
            case var e when e.Contains("Username", StringComparison.Ordinal): options.Broker.Password = "x"; break;
            case var e when e.Contains("go together", StringComparison.Ordinal): options.Broker.Tls = new BrokerTlsOptions { Enabled = true, ClientKey = null, ClientCertificate = "/etc/hostname" }; break;
            case var e when e.Contains("Capacity", StringComparison.Ordinal): options.AlertQueue.Capacity = 0; break;
            case var e when e.Contains("Directory", StringComparison.Ordinal): options.AlertQueue.Directory = ""; break;
            case var e when e.Contains("TopicPrefix", StringComparison.Ordinal): options.TopicPrefix = "edgemer/#"; break;
        }

        ValidateOptionsResult result = new BridgeOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Starting_with_an_invalid_configuration_throws_naming_the_problem()
    {
        BridgeOptions options = Valid();
        options.Broker.Port = 70000;
        var e = Assert.Throws<OptionsValidationException>(() => MqttBridge.Start(options));
        Assert.Contains("Bridge:Broker:Port 70000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Edgemer_bridge_refuses_a_misspelt_key_and_then_a_bad_value_naming_each_with_exit_code_2()
    {
        using var folder = new BridgeFolder();
        string config = folder["bridge.json"];
        File.WriteAllText(config, """{"Bridge": {"Devices": [{"Endpoint": "ipc:///run/edgemer/cabin-1.pub"}], "Broker": {"Protocl": "5"}, "AlertQueue": {"Directory": "alerts"}}}""");
        using (var misspelt = BridgeProcess.Start(config))
        {
            Assert.Equal(2, misspelt.WaitForExit());
            Assert.Contains("Bridge:Broker:Protocl", misspelt.Output, StringComparison.Ordinal);
            Assert.Contains("Bridge:Broker:Protocol", misspelt.Output, StringComparison.Ordinal);
        }

        File.WriteAllText(config, """{"Bridge": {"Devices": [{"Endpoint": "ipc:///run/edgemer/cabin-1.pub"}], "Broker": {"Protocol": "4"}, "AlertQueue": {"Directory": "alerts"}}}""");
        using var bad = BridgeProcess.Start(config);
        Assert.Equal(2, bad.WaitForExit());
        Assert.Contains("Bridge:Broker:Protocol '4' must be auto", bad.Output, StringComparison.Ordinal);
    }
}
