using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Runtime.Tests;

/// <summary>
/// <c>edgemer run</c> as a separate process, as systemd or a user starts it: bad input ends a start
/// with exit code 2 and one clear line, and nothing that arrives while it runs (a SIGHUP with a
/// broken configuration) can end it.
/// </summary>
public sealed partial class RuntimeProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-process-").FullName;
    private readonly string _configFile;
    private readonly ZmqContext _context = new();

    public RuntimeProcessTests()
    {
        _configFile = Path.Combine(_dir, "edgemer.json");
    }

    public void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_missing_configuration_file_ends_the_start_with_exit_code_2_and_names_it()
    {
        ExternalProgramResult result = Run(Path.Combine(_dir, "nowhere.json"));

        AssertStartRefused(result, $"edgemer run: configuration file {Path.Combine(_dir, "nowhere.json")} does not exist");
    }

    [Fact]
    public void A_publisher_port_already_in_use_ends_the_start_with_exit_code_2_and_names_the_key()
    {
        using ZmqSocket holder = _context.CreateSocket(ZmqSocketType.Pub);
        holder.Bind("tcp://127.0.0.1:*");
        Write(Config().With("Messaging:Publisher:Endpoints", $"[\"{holder.LastEndpoint}\"]"));

        ExternalProgramResult result = Run(_configFile);

        AssertStartRefused(result, $"edgemer run: Messaging:Publisher:Endpoints: zmq_bind({holder.LastEndpoint})");
        Assert.Contains("Address already in use", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_host_ends_the_start_with_exit_code_2_and_names_the_key()
    {
        Write(Config().With("Messaging:Control:Endpoint", "\"tcp://no-such-host.invalid:5557\""));

        ExternalProgramResult result = Run(_configFile);

        AssertStartRefused(result, "edgemer run: Messaging:Control:Endpoint: zmq_bind(tcp://no-such-host.invalid:5557)");
    }

    [Fact]
    public void A_client_key_listed_twice_ends_the_start_with_exit_code_2_and_names_both_files()
    {
        (string serverSecret, string clients) = CurveFiles();
        File.Copy(Path.Combine(clients, "operator.key"), Path.Combine(clients, "operator-copy.key"));
        Write(Config().With("Messaging:Security:ServerSecretKeyFile", Json(serverSecret)).With("Messaging:Security:ClientsDirectory", Json(clients)));

        ExternalProgramResult result = Run(_configFile);

        AssertStartRefused(result, $"edgemer run: Messaging:Security:ClientsDirectory: CURVE key file {Path.Combine(clients, "operator.key")} holds the same key as {Path.Combine(clients, "operator-copy.key")}");
    }

    [Fact]
    public void SIGHUP_with_the_configuration_deleted_or_replaced_by_a_folder_is_refused_and_the_service_keeps_serving()
    {
        Write(Config());
        using ServiceProcess service = Start();
        string control = ControlEndpoint(service);

        File.Delete(_configFile);
        service.Signal("HUP");
        AssertRefusedAndStillServing(service, control);

        Directory.CreateDirectory(_configFile);
        service.Signal("HUP");
        AssertRefusedAndStillServing(service, control);

        service.Signal("TERM");
        Assert.Equal(0, service.WaitForExit());
    }

    [Fact]
    public void Started_with_SIGHUP_ignored_the_service_says_that_SIGHUP_cannot_reload_it()
    {
        Write(Config());
        using ServiceProcess service = ServiceProcess.Start("nohup", [TestPrograms.Dotnet, Edgemer, "run", "--config", _configFile], workingDirectory: _dir);
        ControlEndpoint(service);

        Assert.Contains("SIGHUP is ignored in this process (inherited from whatever started it, e.g. nohup)", service.Output, StringComparison.Ordinal);
        service.Signal("TERM");
        Assert.Equal(0, service.WaitForExit());
    }

    [Theory]
    [InlineData("Name:\tedgemer\nSigIgn:\t0000000000000001\nSigCgt:\t0000000000004002\n", true)]
    [InlineData("Name:\tedgemer\nSigIgn:\t0000000000000006\n", false)]
    [InlineData("Name:\tedgemer\n", false)]
    [InlineData(null, false)]
    public void SIGHUP_counts_as_ignored_only_when_the_lowest_bit_of_SigIgn_is_set(string? status, bool ignored) =>
        Assert.Equal(ignored, Hosting.HangupReload.HangupIgnored(status));

    [Fact]
    public void SIGHUP_with_a_client_key_listed_twice_is_refused_and_the_allowed_client_is_still_served()
    {
        (string serverSecret, string clients) = CurveFiles();
        Write(Config().With("Messaging:Security:ServerSecretKeyFile", Json(serverSecret)).With("Messaging:Security:ClientsDirectory", Json(clients)));
        using ServiceProcess service = Start();
        string control = ControlEndpoint(service);

        File.Copy(Path.Combine(clients, "operator.key"), Path.Combine(clients, "operator-copy.key"));
        service.Signal("HUP");

        Assert.NotNull(service.WaitForLine(line => line.Contains("Reload (SIGHUP) refused", StringComparison.Ordinal) && line.Contains("holds the same key as", StringComparison.Ordinal)));
        CurveKeyPair server = CurveKeyFile.LoadKeyPair(serverSecret);
        CurveKeyPair operatorKeys = CurveKeyFile.LoadKeyPair(Path.Combine(_dir, "operator", "operator.key_secret"));
        Assert.Equal("test-device", Status(control, socket => socket.MakeCurveClient(operatorKeys, server.PublicKey)).Device);
        Assert.False(service.HasExited, $"the service ended:\n{service.Output}");
    }

    [Fact]
    public void Without_a_configured_control_endpoint_the_control_socket_is_an_ipc_socket_only_this_user_can_reach()
    {
        string runtime = Directory.CreateDirectory(Path.Combine(_dir, "run")).FullName;
        Write(Config().Without("Messaging:Control:Endpoint"));
        using ServiceProcess service = Start(new Dictionary<string, string?> { ["XDG_RUNTIME_DIR"] = runtime, ["RUNTIME_DIRECTORY"] = null });

        string control = ControlEndpoint(service);

        Assert.Equal($"ipc://{runtime}/edgemer/control", control);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(runtime, "edgemer")));
        Assert.Equal("test-device", Status(control).Device);
        Assert.DoesNotContain("without CURVE", service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_control_socket_on_TCP_is_warned_about_at_start()
    {
        Write(Config());
        using ServiceProcess service = Start();

        ControlEndpoint(service);

        Assert.Contains("without CURVE: anyone who can reach that address can pause the device", service.Output, StringComparison.Ordinal);
    }

    private static void AssertStartRefused(ExternalProgramResult result, string expectedStart)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("Unhandled exception", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.StartsWith(expectedStart, result.StandardError, StringComparison.Ordinal);
    }

    private void AssertRefusedAndStillServing(ServiceProcess service, string control)
    {
        Assert.True(
            service.WaitForLine(line => line.Contains("Reload (SIGHUP) refused", StringComparison.Ordinal)) is not null,
            $"no refusal was logged:\n{service.Output}");
        Assert.False(service.HasExited, $"the service ended:\n{service.Output}");
        Assert.Equal("test-device", Status(control).Device);
    }

    private ControlStatus Status(string endpoint, Action<ZmqSocket>? secure = null)
    {
        using ZmqSocket dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.ReceiveTimeout = TimeSpan.FromSeconds(20);
        secure?.Invoke(dealer);
        dealer.Connect(endpoint);
        dealer.Send("""{"schema":"edgemer.control/1","id":"p","command":"status"}"""u8);
        var frames = new List<byte[]>();
        Assert.True(dealer.ReceiveMultipart(frames), "no reply to status");
        return JsonSerializer.Deserialize(frames[^1], ControlJsonContext.Default.ControlReply)!.Status!;
    }

    private (string ServerSecret, string Clients) CurveFiles()
    {
        (_, string serverSecret) = CurveKeyFile.Write(CurveKeyPair.Generate(), Path.Combine(_dir, "server"), "server");
        (string operatorPublic, _) = CurveKeyFile.Write(CurveKeyPair.Generate(), Path.Combine(_dir, "operator"), "operator");
        string clients = Directory.CreateDirectory(Path.Combine(_dir, "clients")).FullName;
        File.Copy(operatorPublic, Path.Combine(clients, "operator.key"));
        return (serverSecret, clients);
    }

    private static string ControlEndpoint(ServiceProcess service)
    {
        string? running = service.WaitForLine(line => RunningLine().IsMatch(line));
        Assert.True(running is not null, $"edgemer run did not report running:\n{service.Output}");
        return RunningLine().Match(running).Groups["control"].Value;
    }

    private JsonObject Config() =>
        TestConfig.Create(_dir).With("EdgeMer:Models", "[\"emotion\"]").With("Logging:LogLevel:Default", "\"Information\"");

    private void Write(JsonObject config) => File.WriteAllText(_configFile, config.ToJsonString());

    private static string Json(string text) => JsonValue.Create(text).ToJsonString();

    private ExternalProgramResult Run(string configFile) =>
        ExternalProgram.Run(TestPrograms.Dotnet, [Edgemer, "run", "--config", configFile], TimeSpan.FromMinutes(2), workingDirectory: _dir);

    private ServiceProcess Start(IReadOnlyDictionary<string, string?>? environment = null) =>
        ServiceProcess.Start(TestPrograms.Dotnet, [Edgemer, "run", "--config", _configFile], environment, _dir);

    private static string Edgemer => Path.Combine(AppContext.BaseDirectory, "edgemer.dll");

    [GeneratedRegex(@"EdgeMer running: .* control on (?<control>\S+) \(")]
    private static partial Regex RunningLine();
}
