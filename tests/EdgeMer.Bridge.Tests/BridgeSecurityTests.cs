using EdgeMer.Messaging.Security;

namespace EdgeMer.Bridge.Tests;

/// <summary>TLS and passwords towards a real Mosquitto: the bridge verifies the broker, and the broker the bridge.</summary>
public sealed class BridgeSecurityTests : IDisposable
{
    private readonly BridgeFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Tls_refuses_a_broker_whose_certificate_another_authority_signed_and_connects_with_the_right_one()
    {
        using var ca = TestCertificates.Authority(_folder.Path, "ca");
        using var otherCa = TestCertificates.Authority(_folder.Path, "other-ca");
        TestCertificates.Issue(ca, _folder.Path, "broker", server: true);
        TestCertificates.Issue(ca, _folder.Path, "bridge", server: false);
        int tlsPort = Mosquitto.FreePort();
        using var broker = Mosquitto.Start(_folder.Path, $"""
            listener {tlsPort} 127.0.0.1
            cafile {_folder["ca.crt"]}
            certfile {_folder["broker.crt"]}
            keyfile {_folder["broker.key"]}
            require_certificate true
            """);
        using var device = new TestDevice("cabin-1");
        using var subscriber = MqttSubscriber.Start(broker.Port);

        BridgeOptions Options(string caFile) => new()
        {
            Devices = [new BridgeDeviceOptions { Endpoint = device.Endpoint }],
            Broker = new BrokerOptions
            {
                Host = "127.0.0.1",
                Port = tlsPort,
                ClientId = $"bridge-{Guid.NewGuid():N}",
                MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
                Tls = new BrokerTlsOptions { Enabled = true, CaFile = caFile, ClientCertificate = _folder["bridge.crt"], ClientKey = _folder["bridge.key"] },
            },
            AlertQueue = new AlertQueueOptions { Directory = _folder[$"alerts-{Guid.NewGuid():N}"] },
        };

        await using (MqttBridge refused = MqttBridge.Start(Options(_folder["other-ca.crt"])))
        {
            Eventually.True(() => refused.Counters.ConnectFailures >= 2, "the bridge did not try to connect");
            Assert.False(refused.Counters.Connected);
            Assert.Equal(0, refused.Counters.Connects);
            Assert.NotNull(refused.Counters.LastConnectError);
        }

        await using MqttBridge trusted = MqttBridge.Start(Options(_folder["ca.crt"]));
        BridgeBrokerTests.WaitUntilBridged(device, subscriber);
        Assert.True(trusted.Counters.Connected);
    }

    [Fact]
    public async Task A_broker_that_requires_a_password_takes_the_right_one_and_refuses_a_wrong_one()
    {
        string passwords = _folder["passwords"];
        EdgeMer.Platform.ExternalProgram.Run("/usr/bin/mosquitto_passwd", ["-b", "-c", passwords, "gateway", "s3cret"], TimeSpan.FromSeconds(30)).EnsureSuccess("mosquitto_passwd");
        int securedPort = Mosquitto.FreePort();
        File.WriteAllText(_folder["password-file"], "s3cret\n");
        File.WriteAllText(_folder["wrong-password-file"], "guess\n");
        // The plain listener (the test's subscriber) admits anyone; the second one checks passwords.
        using var broker = Mosquitto.Start(_folder.Path, $"""
            listener {securedPort} 127.0.0.1
            password_file {passwords}
            """, anonymous: true);
        using var device = new TestDevice("cabin-1");
        using var subscriber = MqttSubscriber.Start(broker.Port);

        BridgeOptions Options(string passwordFile) => new()
        {
            Devices = [new BridgeDeviceOptions { Endpoint = device.Endpoint }],
            Broker = new BrokerOptions { Host = "127.0.0.1", Port = securedPort, ClientId = $"bridge-{Guid.NewGuid():N}", Username = "gateway", PasswordFile = passwordFile, MaxReconnectDelay = TimeSpan.FromMilliseconds(200) },
            AlertQueue = new AlertQueueOptions { Directory = _folder[$"alerts-{Guid.NewGuid():N}"] },
        };

        await using (MqttBridge refused = MqttBridge.Start(Options(_folder["wrong-password-file"])))
        {
            Eventually.True(() => refused.Counters.ConnectFailures >= 1, "the bridge did not try to connect");
            Assert.Equal(0, refused.Counters.Connects);
        }

        await using MqttBridge admitted = MqttBridge.Start(Options(_folder["password-file"]));
        BridgeBrokerTests.WaitUntilBridged(device, subscriber);
    }

    [Fact]
    public async Task Over_CURVE_a_bridge_on_the_devices_allow_list_is_served_and_one_that_is_not_receives_nothing()
    {
        using var broker = Mosquitto.Start(_folder.Path);
        CurveKeyPair deviceKeys = CurveKeyPair.Generate();
        CurveKeyPair gatewayKeys = CurveKeyPair.Generate();
        CurveKeyFile.Write(deviceKeys, _folder.Path, "cabin-1");
        CurveKeyFile.Write(gatewayKeys, _folder.Path, "gateway");
        CurveKeyFile.Write(CurveKeyPair.Generate(), _folder.Path, "stranger");
        using var device = new TestDevice("cabin-1", deviceKeys, gatewayKeys.PublicKey);
        using var subscriber = MqttSubscriber.Start(broker.Port);

        BridgeOptions Options(string id, string keys) => new()
        {
            Id = id,
            ClientKeys = _folder[keys + CurveKeyFile.SecretSuffix],
            Devices = [new BridgeDeviceOptions { Endpoint = device.Endpoint, Device = "cabin-1", ServerKey = _folder["cabin-1" + CurveKeyFile.PublicSuffix] }],
            Broker = new BrokerOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = $"bridge-{id}" },
            AlertQueue = new AlertQueueOptions { Directory = _folder[$"alerts-{id}"] },
        };

        await using MqttBridge stranger = MqttBridge.Start(Options("stranger", "stranger"));
        await using MqttBridge gateway = MqttBridge.Start(Options("gateway", "gateway"));
        BridgeBrokerTests.WaitUntilBridged(device, subscriber);
        subscriber.WaitUntil(s =>
        {
            device.PublishHealth();
            return s.On("edgemer/cabin-1/health").Count >= 20;
        }, "the allowed bridge stopped delivering");

        Assert.True(gateway.Counters.Devices["cabin-1"].Received(MessageKind.Health) >= 20);
        Assert.Empty(stranger.Counters.Devices);
    }
}
