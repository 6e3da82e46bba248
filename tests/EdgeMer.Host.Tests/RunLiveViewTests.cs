using EdgeMer.Host.Commands;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>edgemer run drawing what it publishes, as a user at a terminal sees it.</summary>
public sealed class RunLiveViewTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgemer-run-live-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Run_with_the_live_view_draws_the_summaries_of_the_scene_and_the_people_it_publishes_and_the_health()
    {
        string state = Directory.CreateDirectory(Path.Combine(_directory, "state"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
        string config = Path.Combine(_directory, "edgemer.json");
        File.WriteAllText(config, "{}");

        ExternalProgramResult result = ExternalProgram.Run(
            TestPrograms.Dotnet,
            [
                Path.Combine(AppContext.BaseDirectory, "edgemer.dll"), "run", "--config", config, "--view", "live", "--duration", "12",
                "--source", Path.Combine(RepoPaths.Root, "models", "sample-media", "faces-640x480.mp4"), "--loop",
                "--EdgeMer:Profile=x64-dev", $"--EdgeMer:Devices={Path.Combine(RepoPaths.Root, "devices")}", $"--EdgeMer:Catalog={Path.Combine(RepoPaths.Root, "models")}",
                $"--EdgeMer:ModelStore={Path.Combine(RepoPaths.Cache, "models")}", $"--EdgeMer:StateDirectory={state}", "--EdgeMer:HealthInterval=00:00:01",
                "--Messaging:Publisher:DeviceId=live", "--Messaging:Publisher:Endpoints:0=tcp://127.0.0.1:*", $"--Messaging:Control:Endpoint=ipc://{state}/control",
            ],
            TimeSpan.FromMinutes(2),
            workingDirectory: RepoPaths.Root);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        string view = result.StandardOutput;
        Assert.Contains("summaries", view, StringComparison.Ordinal);
        Assert.Contains("scene", view, StringComparison.Ordinal);
        Assert.Contains("person ", view, StringComparison.Ordinal);
        Assert.Contains("face.latency", view, StringComparison.Ordinal);
        // The log shows warnings and errors only, so the view is not torn by information lines.
        Assert.DoesNotContain("info:", view, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tcp://0.0.0.0:5556", "tcp://127.0.0.1:5556")]
    [InlineData("tcp://*:5556", "tcp://127.0.0.1:5556")]
    [InlineData("tcp://[::]:5556", "tcp://[::1]:5556")]
    [InlineData("tcp://127.0.0.1:41000", "tcp://127.0.0.1:41000")]
    [InlineData("ipc:///run/edgemer/pub", "ipc:///run/edgemer/pub")]
    public void The_view_subscribes_to_a_wildcard_endpoint_on_loopback(string bound, string connected) =>
        Assert.Equal(connected, RunCommand.Reachable(bound));
}
