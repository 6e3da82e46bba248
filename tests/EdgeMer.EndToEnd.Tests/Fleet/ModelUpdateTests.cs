using System.Diagnostics;
using System.Text.Json;
using EdgeMer.Messaging.Wire;
using Xunit.Abstractions;

namespace EdgeMer.EndToEnd.Tests.Fleet;

/// <summary>
/// <c>edgemer run</c> sensing the sample clip and speech, updated through its inbox with bundles the
/// real <c>edgemer bundle</c> commands made and signed: committed without a gap in the summaries,
/// refused with a reason while it keeps publishing, rolled back when the running pipelines cannot use
/// the new set, and killed (SIGKILL) at every step of an update, coming back on a complete set; a
/// bundle's configuration taking effect with its set and going with it.
/// </summary>
public sealed class ModelUpdateTests
{
    private static readonly string[] s_bothKeys = ["release-1", "release-2"];

    // The service's own configuration makes a summary every 200 ms (EdgemerRunSetup); this bundle configuration, every 400 ms.
    private const string SlowerSummaries = """{ "Sensing": { "SummaryInterval": "00:00:00.4" }, "Fusion": { "DrowsinessAlertLevel": 6 } }""";
    private static readonly TimeSpan s_ownInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_bundleInterval = TimeSpan.FromMilliseconds(400);
    private readonly ITestOutputHelper _output;

    public ModelUpdateTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void A_signed_bundle_in_the_inbox_is_warmed_up_switched_in_between_frames_and_committed_while_summaries_go_on()
    {
        using var device = new FleetDevice();
        string bundle = device.Bundle("models-1.bundle", 1, FleetDevice.SensingModels, s_bothKeys);
        device.Start();
        device.WatchUntil(h => h.Health.Update is { State: "none", BundleVersion: 0 });

        string name = device.Drop(bundle);
        (HealthMessage health, TimeSpan gap, int summaries) = device.WatchUntil(h => h.Health.Update is { State: "committed" });

        Assert.Equal(1, health.Health.Update!.BundleVersion);
        Assert.Equal("Committed", device.Result(name).GetProperty("step").GetString());
        Assert.Equal(Path.Combine("sets", "1"), device.LiveSet);
        Assert.Contains("Sensing switched to the new setup's models", device.Service.Output, StringComparison.Ordinal);
        _output.WriteLine($"{summaries} scene summaries during the update, largest gap {gap.TotalMilliseconds:0} ms (interval 200 ms)");
        Assert.True(summaries >= 3, $"{summaries} scene summaries during the update");
        // The interval is 200 ms; a swap that held fusion back for a model load would show as seconds.
        Assert.True(gap < TimeSpan.FromSeconds(2), $"a gap of {gap.TotalMilliseconds:0} ms between summaries");
        using (JsonDocument doctor = JsonDocument.Parse(EdgemerRunSetup.Cli("doctor", "--json", "--fleet", device.Fleet).StandardOutput))
        {
            JsonElement updates = doctor.RootElement.GetProperty("updates");
            Assert.Equal(1, updates.GetProperty("bundleVersion").GetInt64());
            Assert.Equal("committed", updates.GetProperty("state").GetString());
            Assert.Equal("1", updates.GetProperty("liveSet").GetString());
        }

        // The committed set is what the service starts on.
        device.Start();
        device.WatchUntil(h => h.Health.Update is { State: "committed", BundleVersion: 1 }, minimumSummaries: 3);
        Assert.Equal(Path.Combine("sets", "1"), device.LiveSet);

        // A reload (SIGHUP) reaches the running pipelines the same way, and they go on.
        device.Service.Signal("HUP");
        Assert.True(
            device.Service.WaitForLine(line => line.Contains("Sensing switched to the new setup's models", StringComparison.Ordinal), FleetDevice.Wait) is not null,
            $"the reload did not reach sensing; edgemer run:\n{device.Service.Output}");
        device.WatchUntil(h => h.Health.Update is { State: "committed", BundleVersion: 1 }, minimumSummaries: 3);
    }

    [Fact]
    public void A_bundle_configuration_takes_effect_with_its_set_survives_a_restart_and_a_rollback_request_undoes_it()
    {
        using var device = new FleetDevice();
        string first = device.Bundle("models-1.bundle", 1, FleetDevice.SensingModels, s_bothKeys);
        string second = device.Bundle("models-2.bundle", 2, FleetDevice.SensingModels, s_bothKeys, config: SlowerSummaries);
        device.Start();
        device.Drop(first);
        device.WatchUntil(h => h.Health.Update is { State: "committed", BundleVersion: 1 });
        Assert.All(device.SceneWindows(3), window => Assert.Equal(s_ownInterval, window));

        string name = device.Drop(second);
        device.WatchUntil(h => h.Health.Update is { State: "committed", BundleVersion: 2 });

        Assert.Equal("Committed", device.Result(name).GetProperty("step").GetString());
        Assert.True(File.Exists(Path.Combine(device.Fleet, "sets", "2", "config", "edgemer.json")));
        Assert.All(device.SceneWindows(3), window => Assert.Equal(s_bundleInterval, window));
        Assert.Contains("Sensing took the new settings between two summaries: a summary every 200 ms, now every 400 ms", device.Service.Output, StringComparison.Ordinal);

        // The service comes back with the configuration of the set it comes back on.
        device.Start();
        device.WatchUntil(h => h.Health.Update is { State: "committed", BundleVersion: 2 });
        Assert.All(device.SceneWindows(3), window => Assert.Equal(s_bundleInterval, window));

        // Undoing version 2 puts set 1 back with the service's own configuration.
        string request = Path.Combine(device.Folder, "models-2.rollback");
        File.WriteAllText(request, "2");
        string undo = device.Drop(request);
        Assert.Equal("RolledBack", device.Result(undo).GetProperty("step").GetString());
        Assert.Equal(Path.Combine("sets", "1"), device.LiveSet);
        device.WatchUntil(h => h.Health.Update is { State: "rolledBack" }, minimumSummaries: 3);
        Assert.All(device.SceneWindows(3), window => Assert.Equal(s_ownInterval, window));
    }

    [Fact]
    public void Bad_bundles_are_refused_with_their_reason_and_the_running_service_keeps_publishing_on_its_set()
    {
        using var device = new FleetDevice();
        string[] small = ["emotion"];
        string good = device.Bundle("good-3.bundle", 3, small, s_bothKeys);
        byte[] bytes = File.ReadAllBytes(good);
        string tampered = Path.Combine(device.Folder, "tampered-3.bundle");
        byte[] changed = (byte[])bytes.Clone();
        changed[changed.Length / 2] ^= 0x01;
        File.WriteAllBytes(tampered, changed);
        string truncated = Path.Combine(device.Folder, "truncated-3.bundle");
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        (string Bundle, string Refusal, string Named)[] bad =
        [
            (tampered, "fileMismatch", ""),
            (truncated, "truncated", ""),
            (device.Bundle("one-key-3.bundle", 3, small, ["release-1"]), "signature", ""),
            (device.Bundle("stranger-3.bundle", 3, small, ["release-1", "stranger"]), "signature", ""),
            (device.Bundle("expired-3.bundle", 3, small, s_bothKeys, created: "2026-01-01T00:00:00Z", expires: "2026-01-02T00:00:00Z"), "expired", ""),
            (device.Bundle("older-1.bundle", 1, small, s_bothKeys), "oldVersion", ""),
            (device.Bundle("same-2.bundle", 2, small, s_bothKeys), "oldVersion", ""),
            (device.Bundle("broken-3.bundle", 3, small, s_bothKeys, broken: "emotion"), "warmUp", ""),
            (device.Bundle("no-store-3.bundle", 3, small, s_bothKeys, withStore: false), "contents", "store/index.json"),
            (device.Bundle("bad-config-3.bundle", 3, small, s_bothKeys, config: """{ "Sensing": { "SummaryInterval": "00:00:00.001" } }"""), "configuration", "Sensing:SummaryInterval"),
            (device.Bundle("typo-config-3.bundle", 3, small, s_bothKeys, config: """{ "Fusion": { "DrowsinesAlertLevel": 5 } }"""), "configuration", "did you mean Fusion:DrowsinessAlertLevel"),
            (device.Bundle("endpoint-config-3.bundle", 3, small, s_bothKeys, config: $$"""{ "Messaging": { "Publisher": { "Endpoints": ["ipc://{{device.Folder}}/elsewhere"] } } }"""), "configuration", "Messaging:Publisher (device id or endpoints) cannot change while running"),
            (device.Bundle("fleet-config-3.bundle", 3, small, s_bothKeys, config: """{ "Fleet": { "Trust": "/tmp/other-trust.json" } }"""), "configuration", "sets Fleet"),
        ];
        string accepted = device.Bundle("models-2.bundle", 2, FleetDevice.SensingModels, s_bothKeys);
        device.Start();
        device.Drop(accepted);
        device.WatchUntil(h => h.Health.Update is { State: "committed", BundleVersion: 2 });

        foreach ((string bundle, string refusal, string named) in bad)
        {
            string name = device.Drop(bundle);
            JsonElement result = device.Result(name);
            _output.WriteLine($"{name}: {result.GetProperty("refusal").GetString()}: {result.GetProperty("reason").GetString()}");
            Assert.Equal("Refused", result.GetProperty("step").GetString());
            Assert.Equal(refusal, result.GetProperty("refusal").GetString());
            Assert.False(string.IsNullOrEmpty(result.GetProperty("reason").GetString()));
            Assert.Contains(named, result.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(Path.Combine("sets", "2"), device.LiveSet);
            (_, _, int summaries) = device.WatchUntil(h => h.Health.Update is { State: "refused", BundleVersion: 2 }, minimumSummaries: 3);
            Assert.True(summaries >= 3);
            Assert.All(device.SceneWindows(2), window => Assert.Equal(s_ownInterval, window));
        }

        // Without its trust root the device checks nothing and takes nothing.
        File.Move(Path.Combine(device.Fleet, "trust.json"), Path.Combine(device.Folder, "trust.json.away"));
        string untrusted = device.Drop(device.Bundle("no-trust-3.bundle", 3, small, s_bothKeys));
        Assert.Equal("trust", device.Result(untrusted).GetProperty("refusal").GetString());
        Assert.Equal(Path.Combine("sets", "2"), device.LiveSet);

        Assert.Equal(["2"], Directory.GetDirectories(Path.Combine(device.Fleet, "sets")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_bundle_the_running_pipelines_cannot_use_is_rolled_back_and_the_previous_set_serves_on()
    {
        using var device = new FleetDevice();
        // Loads and passes its self-test (the configured models are only the emotion model), but the
        // face pipeline needs FaceMesh, which this set lacks: the switch fails its check.
        string bundle = device.Bundle("no-facemesh-1.bundle", 1, [.. FleetDevice.SensingModels.Where(m => m != "facemesh")], s_bothKeys);
        device.Start();
        string name = device.Drop(bundle);

        (HealthMessage health, _, _) = device.WatchUntil(h => h.Health.Update is { State: "rolledBack" }, minimumSummaries: 3);

        JsonElement result = device.Result(name);
        Assert.Equal("RolledBack", result.GetProperty("step").GetString());
        Assert.Contains("facemesh", result.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, health.Health.Update!.BundleVersion);
        Assert.Null(device.LiveSet);
        device.WatchUntil(h => h.Health.Update is { State: "rolledBack" }, minimumSummaries: 5);
    }

    [Theory]
    [InlineData("Verifying", false)]
    [InlineData("Staged", false)]
    [InlineData("WarmingUp", false)]
    [InlineData("Switched", false)]
    [InlineData("Checking", false)]
    [InlineData("Accepted", true)]
    [InlineData("Committed", true)]
    public void Killed_at_any_step_of_an_update_the_service_comes_back_on_the_old_or_the_new_set_whole(string step, bool committed)
    {
        using var device = new FleetDevice();
        string bundle = device.Bundle("models-1.bundle", 1, FleetDevice.SensingModels, s_bothKeys, config: SlowerSummaries);
        device.Start(killAt: step);
        string name = device.Drop(bundle);
        Assert.Equal(137, device.Service.WaitForExit(FleetDevice.Wait));
        Assert.Contains($"Killing the process at update step {step}", device.Service.Output, StringComparison.Ordinal);

        var restart = Stopwatch.StartNew();
        device.Start();
        (HealthMessage health, _, int summaries) = device.WatchUntil(h => h.Health.Update is not null, minimumSummaries: 3);
        _output.WriteLine($"killed at {step}: back up publishing in {restart.Elapsed.TotalSeconds:0.0} s, state {health.Health.Update!.State}, version {health.Health.Update.BundleVersion}, {summaries} summaries");

        JsonElement result = device.Result(name);
        string sets = Path.Combine(device.Fleet, "sets");
        // The configuration is the set's: the bundle's with the new set, the service's own with the old.
        Assert.All(device.SceneWindows(3), window => Assert.Equal(committed ? s_bundleInterval : s_ownInterval, window));
        if (committed)
        {
            Assert.Equal("committed", health.Health.Update!.State);
            Assert.Equal(1, health.Health.Update.BundleVersion);
            Assert.Equal(Path.Combine("sets", "1"), device.LiveSet);
            Assert.Equal("Committed", result.GetProperty("step").GetString());
        }
        else
        {
            Assert.Equal(step is "Switched" or "Checking" ? "rolledBack" : "refused", health.Health.Update!.State);
            Assert.Equal(0, health.Health.Update.BundleVersion);
            Assert.Null(device.LiveSet);
            Assert.Equal("interrupted", result.GetProperty("refusal").GetString());
            Assert.Empty(Directory.Exists(sets) ? Directory.GetDirectories(sets) : []);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(device.Fleet, "processing")));
    }

    [Fact]
    public void Killed_after_a_rollback_request_switched_back_the_service_finishes_the_undo_at_start()
    {
        using var device = new FleetDevice();
        string first = device.Bundle("models-1.bundle", 1, FleetDevice.SensingModels, s_bothKeys);
        string second = device.Bundle("models-2.bundle", 2, FleetDevice.SensingModels, s_bothKeys, config: SlowerSummaries);
        device.Start(killAt: "UndoSwitched");
        device.Drop(first);
        device.WatchUntil(h => h.Health.Update is { State: "committed", BundleVersion: 1 });
        device.Drop(second);
        device.WatchUntil(h => h.Health.Update is { State: "committed", BundleVersion: 2 });

        string request = Path.Combine(device.Folder, "models-2.rollback");
        File.WriteAllText(request, "2");
        string undo = device.Drop(request);
        Assert.Equal(137, device.Service.WaitForExit(FleetDevice.Wait));
        Assert.Contains("Killing the process at update step UndoSwitched", device.Service.Output, StringComparison.Ordinal);

        // current already named set 1 while the state file still said "committed 2": the restart
        // finishes the undo, and health, the request's result and the sets on disk all agree.
        device.Start();
        device.WatchUntil(h => h.Health.Update is { State: "rolledBack" }, minimumSummaries: 3);
        JsonElement result = device.Result(undo);
        Assert.Equal("RolledBack", result.GetProperty("step").GetString());
        Assert.Equal("requested", result.GetProperty("refusal").GetString());
        Assert.Equal(Path.Combine("sets", "1"), device.LiveSet);
        Assert.Equal(["1"], Directory.GetDirectories(Path.Combine(device.Fleet, "sets")).Select(Path.GetFileName));
        Assert.All(device.SceneWindows(3), window => Assert.Equal(s_ownInterval, window));
        Assert.Empty(Directory.GetFiles(Path.Combine(device.Fleet, "processing")));
    }

    [RootFact]
    public void A_full_disk_while_staging_is_refused_and_the_service_keeps_publishing()
    {
        using var device = new FleetDevice();
        string sets = Directory.CreateDirectory(Path.Combine(device.Fleet, "sets")).FullName;
        // 2 MiB for the sets: the bundle's models are about 18 MB.
        Assert.Equal(0, Platform.ExternalProgram.Run("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", sets], TimeSpan.FromSeconds(30)).ExitCode);
        try
        {
            string bundle = device.Bundle("models-1.bundle", 1, FleetDevice.SensingModels, s_bothKeys);
            device.Start();
            string name = device.Drop(bundle);

            JsonElement result = device.Result(name);

            Assert.Equal("storage", result.GetProperty("refusal").GetString());
            Assert.Contains("No space left on device", result.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Empty(Directory.GetDirectories(sets));
            device.WatchUntil(h => h.Health.Update is { State: "refused", BundleVersion: 0 }, minimumSummaries: 5);
        }
        finally
        {
            device.Stop();
            Platform.ExternalProgram.Run("umount", [sets], TimeSpan.FromSeconds(30));
        }
    }
}
