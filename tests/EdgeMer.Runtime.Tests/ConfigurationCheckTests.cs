using System.Collections;
using System.Text.Json.Nodes;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Inference;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Tests;

/// <summary>
/// A configuration mistake stops the start (and is refused by a reload) with a message that names the
/// key, instead of silently meaning something else: typos, values where lists belong, ports that
/// would wrap, two sockets on one endpoint.
/// </summary>
public sealed class ConfigurationCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-config-").FullName;
    private readonly string _configFile;

    public ConfigurationCheckTests()
    {
        InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), NullLoggerFactory.Instance);
        _configFile = Path.Combine(_dir, "edgemer.json");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_misspelled_section_holding_the_curve_settings_stops_the_start_instead_of_running_plain()
    {
        JsonObject config = TestConfig.Create(_dir).With("Messaging:Securty", """{"ServerSecretKeyFile":"/etc/edgemer/device.key_secret","ClientsDirectory":"/etc/edgemer/clients"}""");

        string message = await StartFailure(config);

        Assert.Contains("Messaging:Securty is not a setting EdgeMer knows; did you mean Messaging:Security?", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelled_key_stops_the_start_and_suggests_the_nearest_known_one()
    {
        JsonObject config = TestConfig.Create(_dir).With("EdgeMer:HealthIntervall", "\"00:00:01\"");

        string message = await StartFailure(config);

        Assert.Contains("EdgeMer:HealthIntervall is not a setting EdgeMer knows; did you mean EdgeMer:HealthInterval?", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_id_given_as_a_value_instead_of_a_list_is_refused_rather_than_read_as_all_models()
    {
        JsonObject config = TestConfig.Create(_dir).With("EdgeMer:Models", "\"emotion\"");

        string message = await StartFailure(config);

        Assert.Contains("EdgeMer:Models must be a list (for example [\"emotion\"]), not the value 'emotion'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Messaging:Publisher:Endpoints", "[\"tcp://127.0.0.1:99999\"]", "Messaging:Publisher:Endpoints:0 'tcp://127.0.0.1:99999' has port '99999'; allowed: 1 to 65535")]
    [InlineData("Messaging:Control:Endpoint", "\"tcp://127.0.0.1:0\"", "Messaging:Control:Endpoint 'tcp://127.0.0.1:0' has port '0'")]
    [InlineData("EdgeMer:HealthInterval", "\"soon\"", "EdgeMer:HealthInterval is 'soon', which is not a time span such as 00:00:05")]
    [InlineData("Messaging:Publisher:SendHighWaterMark", "\"lots\"", "Messaging:Publisher:SendHighWaterMark is 'lots', which is not a whole number")]
    [InlineData("Messaging:Publisher", "\"tcp://127.0.0.1:5556\"", "Messaging:Publisher is the value 'tcp://127.0.0.1:5556', but it is a section with keys of its own")]
    [InlineData("EdgeMer:Profile", "{\"Id\":\"x64-dev\"}", "EdgeMer:Profile must be a single value (text), not a section or a list")]
    [InlineData("Fleet:Inboxx", "\"/var/lib/edgemer/inbox\"", "Fleet:Inboxx is not a setting EdgeMer knows; did you mean Fleet:Inbox?")]
    [InlineData("Fleet:SelfTestRuns", "0", "Fleet:SelfTestRuns is 0; allowed: 1 to 100")]
    [InlineData("Fleet:Trust", "\"/etc/edgemer/trust.json\"", "Fleet:Inbox and Fleet:Trust need Fleet:Directory")]
    public async Task A_value_of_the_wrong_shape_or_out_of_range_stops_the_start_naming_the_key(string key, string json, string named)
    {
        string message = await StartFailure(TestConfig.Create(_dir).With(key, json));

        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_publisher_and_the_control_socket_on_one_endpoint_are_refused_naming_both_keys()
    {
        JsonObject config = TestConfig.Create(_dir)
            .With("Messaging:Publisher:Endpoints", "[\"ipc:///tmp/edgemer-same\"]")
            .With("Messaging:Control:Endpoint", "\"ipc:///tmp/edgemer-same\"");

        string message = await StartFailure(config);

        Assert.Contains("Messaging:Control:Endpoint and Messaging:Publisher:Endpoints:0 are both 'ipc:///tmp/edgemer-same'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        JsonObject config = TestConfig.Create(_dir)
            .With("EdgeMer:Modles", "[\"emotion\"]")
            .With("Messaging:Publisher:DeviceId", "\"two words\"")
            .With("Messaging:Control:MaxRequestBytes", "1");

        string message = await StartFailure(config);

        Assert.Contains("EdgeMer:Modles", message, StringComparison.Ordinal);
        Assert.Contains("Messaging:Publisher:DeviceId 'two words'", message, StringComparison.Ordinal);
        Assert.Contains("Messaging:Control:MaxRequestBytes 1 must be from 256", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reload_reads_the_same_checks_as_a_start()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestConfig.Create(_dir).With("EdgeMer:HealthIntervall", "\"00:00:01\"").ToJsonString())))
            .Build();

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => RuntimeSettings.Read(configuration));

        Assert.Contains("EdgeMer:HealthIntervall is not a setting EdgeMer knows; did you mean EdgeMer:HealthInterval?", e.Failures);
    }

    [Fact]
    public void Only_environment_variables_that_name_a_key_inside_a_section_become_configuration()
    {
        var variables = new Hashtable
        {
            ["EDGEMER_CACHE"] = "/var/cache/edgemer",
            ["EDGEMER_ORT_LIB"] = "/opt/ort/libonnxruntime.so",
            ["EDGEMER_EdgeMer__Profile"] = "jetson-orin-nano",
            ["EDGEMER_Messaging__Publisher__DeviceId"] = "cabin-7",
            ["PATH"] = "/usr/bin",
        };

        Dictionary<string, string?> settings = ConfigurationSources.EnvironmentSettings(variables).ToDictionary();

        Assert.Equal(
            new Dictionary<string, string?> { ["EdgeMer:Profile"] = "jetson-orin-nano", ["Messaging:Publisher:DeviceId"] = "cabin-7" },
            settings);
    }

    [Theory]
    [InlineData("", "does not exist")]
    [InlineData("   ", "The input does not contain any JSON tokens")]
    [InlineData("{\"EdgeMer\": {", "edgemer.json: ")]
    [InlineData("[1, 2]", "edgemer.json: ")]
    public void A_configuration_file_that_is_missing_empty_malformed_or_not_an_object_is_named_with_its_problem(string contents, string problem)
    {
        if (contents.Length > 0)
        {
            File.WriteAllText(_configFile, contents);
        }

        RuntimeConfigurationException e = Assert.Throws<RuntimeConfigurationException>(() => RuntimeHost.Build(_configFile, []));

        Assert.StartsWith($"configuration file {_configFile}", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_given_as_the_configuration_file_is_named()
    {
        Directory.CreateDirectory(_configFile);

        RuntimeConfigurationException e = Assert.Throws<RuntimeConfigurationException>(() => RuntimeHost.Build(_configFile, []));

        Assert.Equal($"configuration file {_configFile} is a folder, not a file", e.Message);
    }

    private async Task<string> StartFailure(JsonObject config)
    {
        File.WriteAllText(_configFile, config.ToJsonString());
        using IHost host = RuntimeHost.Build(_configFile, []);
        return await RuntimeHost.StartFailureAsync(host);
    }
}
