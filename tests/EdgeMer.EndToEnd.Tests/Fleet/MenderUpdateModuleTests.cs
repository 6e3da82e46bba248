using EdgeMer.Messaging.Wire;
using EdgeMer.Platform;
using EdgeMer.Testing;
using Xunit.Abstractions;

namespace EdgeMer.EndToEnd.Tests.Fleet;

/// <summary>
/// Debian's Mender client 3.4 in standalone mode installs EdgeMer bundles wrapped by <c>edgemer
/// bundle mender</c> through the update module in <c>src/EdgeMer.Fleet/Mender</c>, which hands them
/// to the running <c>edgemer run</c>: install and commit, then a second install rolled back. The test
/// installs the module into /usr/share/mender/modules/v3 and writes /etc/mender/artifact_info when
/// there is none (as root; the client reads nothing else from there), and puts back what it found.
/// </summary>
public sealed class MenderUpdateModuleTests
{
    private const string ModulePath = "/usr/share/mender/modules/v3/edgemer-bundle";
    private const string ArtifactInfo = "/etc/mender/artifact_info";
    private readonly ITestOutputHelper _output;

    public MenderUpdateModuleTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [MenderFact]
    public void The_mender_client_installs_and_commits_a_bundle_then_rolls_a_second_back_through_the_running_service()
    {
        using var device = new FleetDevice();
        string config = Path.Combine(device.Folder, "mender.conf");
        File.WriteAllText(config, """{ "ServerURL": "https://mender.invalid", "RootfsPartA": "/dev/null", "RootfsPartB": "/dev/null" }""");
        string data = Directory.CreateDirectory(Path.Combine(device.Folder, "mender-data")).FullName;
        Directory.CreateDirectory(Path.Combine(data, "scripts"));
        File.WriteAllText(Path.Combine(data, "device_type"), "device_type=edgemer-test\n");
        string[] signers = ["release-1", "release-2"];
        string first = Wrap(device, device.Bundle("models-1.bundle", 1, FleetDevice.SensingModels, signers));
        string second = Wrap(device, device.Bundle("models-2.bundle", 2, FleetDevice.SensingModels, signers));
        string? moduleBefore = File.Exists(ModulePath) ? File.ReadAllText(ModulePath) : null;
        string? infoBefore = File.Exists(ArtifactInfo) ? File.ReadAllText(ArtifactInfo) : null;
        try
        {
            ExternalProgram.Run("sh", [Path.Combine(RepoPaths.Root, "src", "EdgeMer.Fleet", "Mender", "install-module.sh")], TimeSpan.FromSeconds(30)).EnsureSuccess("install-module.sh");
            if (infoBefore is null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(ArtifactInfo)!);
                File.WriteAllText(ArtifactInfo, "artifact_name=edgemer-base\n");
            }

            device.Start();
            Mender(device, config, data, "install", first);
            device.WatchUntil(h => h.Health.Update is { State: "committed", BundleVersion: 1 }, minimumSummaries: 3);
            Assert.Equal(Path.Combine("sets", "1"), device.LiveSet);
            Mender(device, config, data, "commit");
            Assert.Contains("edgemer-bundle-1", Mender(device, config, data, "show-artifact"), StringComparison.Ordinal);

            Mender(device, config, data, "install", second);
            device.WatchUntil(h => h.Health.Update is { State: "committed", BundleVersion: 2 });
            Assert.Equal(Path.Combine("sets", "2"), device.LiveSet);
            Mender(device, config, data, "rollback");

            (HealthMessage health, _, _) = device.WatchUntil(h => h.Health.Update is { State: "rolledBack" }, minimumSummaries: 3);
            Assert.Equal(2, health.Health.Update!.BundleVersion);
            Assert.Equal(Path.Combine("sets", "1"), device.LiveSet);
            Assert.Contains("edgemer-bundle-1", Mender(device, config, data, "show-artifact"), StringComparison.Ordinal);
        }
        finally
        {
            Restore(ModulePath, moduleBefore);
            Restore(ArtifactInfo, infoBefore);
        }
    }

    private static string Wrap(FleetDevice device, string bundle)
    {
        string artifact = Path.ChangeExtension(bundle, ".mender");
        EdgemerRunSetup.Cli("bundle", "mender", "--bundle", bundle, "--device-type", "edgemer-test", "--out", artifact);
        return artifact;
    }

    /// <summary>Runs the Mender client in standalone mode with the module pointed at the device's update folder; fails the test unless it exits 0.</summary>
    private string Mender(FleetDevice device, string config, string data, params string[] command)
    {
        var environment = new Dictionary<string, string?> { ["EDGEMER_FLEET_DIR"] = device.Fleet, ["EDGEMER_UPDATE_TIMEOUT"] = "300" };
        ExternalProgramResult result = ExternalProgram.Run("mender", ["--config", config, "--data", data, "--no-syslog", .. command], TimeSpan.FromMinutes(6), environment: environment);
        _output.WriteLine($"mender {string.Join(' ', command)} exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.True(result.ExitCode == 0, $"mender {string.Join(' ', command)} exited {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}\nedgemer run:\n{device.Service.Output}");
        return result.StandardOutput + result.StandardError;
    }

    private static void Restore(string path, string? contents)
    {
        if (contents is null)
        {
            File.Delete(path);
        }
        else
        {
            File.WriteAllText(path, contents);
        }
    }
}
