using System.Diagnostics;
using System.Security.Cryptography;
using EdgeMer.Fleet.Bundles;
using EdgeMer.Fleet.Trust;
using EdgeMer.Platform;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Runtime.Hosting;
using EdgeMer.Runtime.Sensing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Updates;

/// <summary>
/// Takes one signed bundle from arrival to commit, or refuses it, or rolls it back, recording each
/// step in the state file before taking it (docs/fleet.md): verify and stage beside the live set,
/// warm up (load the new set's sessions and run them on self-test inputs while the old set serves),
/// switch (the <c>current</c> link replaced atomically, the new setup installed, sensing picking up
/// the new models between frames), check (the live models' self-test again, every stage on the new
/// set), commit (the accepted version recorded). A failed check puts the previous set back; a
/// restart in the middle is resolved by <see cref="Recover"/> before anything loads.
/// </summary>
public sealed partial class ModelUpdater
{
    /// <summary>The environment variable naming a step at which the process kills itself (SIGKILL) right after recording it: the crash tests' hook.</summary>
    public const string KillAtVariable = "EDGEMER_UPDATE_KILL_AT";

    /// <summary>The hook point between recording the accepted version and the committed state.</summary>
    public const string AcceptedHook = "Accepted";

    private readonly ModelSetLayout _layout;
    private readonly ActiveSetup _active;
    private readonly SetupLoader _loader;
    private readonly ReloadCoordinator _reload;
    private readonly SensingService _sensing;
    private readonly IConfiguration _configuration;
    private readonly IOptions<FleetOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string? _killAt = Environment.GetEnvironmentVariable(KillAtVariable);

    public ModelUpdater(
        ModelSetLayout layout,
        ActiveSetup active,
        SetupLoader loader,
        ReloadCoordinator reload,
        SensingService sensing,
        IConfiguration configuration,
        IOptions<FleetOptions> options,
        TimeProvider time,
        ILogger<ModelUpdater> logger)
    {
        _layout = layout;
        _active = active;
        _loader = loader;
        _reload = reload;
        _sensing = sensing;
        _configuration = configuration;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Resolves an update a restart interrupted, before the setup loads: one that never switched is
    /// dropped (its staged set removed); one that switched but did not commit is rolled back to the
    /// set before it; one whose accepted version was already recorded is committed.
    /// </summary>
    public void Recover()
    {
        if (!_layout.Enabled)
        {
            return;
        }

        Directory.CreateDirectory(_layout.Root!);
        UpdateState state = _layout.ReadState();
        UpdateState? resolved = state.Step switch
        {
            UpdateStep.Verifying or UpdateStep.Staged or UpdateStep.WarmingUp => Dropped(state),
            UpdateStep.Switched or UpdateStep.Checking => _layout.ReadAccepted() >= state.Version && state.Version > 0
                ? state with { Step = UpdateStep.Committed, Time = _time.GetUtcNow() }
                : RolledBackAtStart(state),
            UpdateStep.Committed when state.Version > 0 && ModelSetLayout.LinkedSet(_layout.CurrentLink) is { } live && live != ModelSetLayout.SetName(state.Version)
                => UndoneAtStart(state, live),
            _ => null,
        };
        RemoveLeftovers();

        // Options read from here on see the configuration of the set that serves after the recovery.
        ModelSetConfiguration.Refresh(_configuration);
        if (resolved is null)
        {
            // Ended before the restart; its outcome may not have reached the results yet.
            if (state.Step is UpdateStep.Committed or UpdateStep.Refused or UpdateStep.RolledBack && state.Bundle is { } ended && !_layout.HasResult(ended))
            {
                _layout.WriteResult(ended, state);
            }

            return;
        }

        _layout.WriteState(resolved);
        if (resolved.Bundle is { } bundle)
        {
            _layout.WriteResult(bundle, resolved);
        }

        LogRecovered(_logger, state.Step, resolved.Step, resolved.Version);
    }

    /// <summary>Takes the bundle at <paramref name="bundle"/> (already moved out of the inbox) through the update; the state it ended in. Never throws for a bad bundle.</summary>
    public UpdateState Apply(string bundle)
    {
        string name = Path.GetFileName(bundle);
        string? previousSet = ModelSetLayout.LinkedSet(_layout.CurrentLink);
        var state = new UpdateState { Step = UpdateStep.Verifying, Bundle = name, PreviousSet = previousSet, Time = _time.GetUtcNow() };
        Enter(state);

        RuntimeSettings settings;
        try
        {
            settings = RuntimeSettings.Read(_configuration);
        }
        catch (OptionsValidationException e)
        {
            return Refuse(state, "configuration", $"the configuration does not validate, so no set can be loaded: {string.Join("; ", e.Failures)}");
        }

        Directory.CreateDirectory(_layout.Sets);
        string staging = Path.Combine(_layout.Sets, $".staging-{Guid.NewGuid():N}");
        TrustRoot trust;
        try
        {
            trust = _layout.ReadTrust();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or CryptographicException)
        {
            return Refuse(state, "trust", $"the device's trust root cannot be read, so no bundle can be checked: {e.Message}");
        }

        VerifiedBundle verified;
        try
        {
            using (trust)
            {
                verified = BundleReader.Verify(bundle, trust, _layout.ReadAccepted(), _time.GetUtcNow(), staging);
            }
        }
        catch (BundleRefusedException e)
        {
            return Refuse(state, e.RefusalId, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or CryptographicException)
        {
            DeleteQuietly(staging);
            return Refuse(state, "storage", e.Message);
        }

        long version = verified.Metadata.Version;
        state = state with { Version = version };
        if (!File.Exists(Path.Combine(staging, "store", "index.json")) || !Directory.Exists(Path.Combine(staging, "models")))
        {
            DeleteQuietly(staging);
            return Refuse(state, "contents", $"bundle version {version} carries no model set: a device bundle needs store/index.json and models/ (manifests)");
        }

        string setName = ModelSetLayout.SetName(version);
        string set = _layout.Set(setName);
        try
        {
            DeleteQuietly(set);
            DurableFolder.Rename(staging, set);
        }
        catch (IOException e)
        {
            DeleteQuietly(staging);
            return Refuse(state, "storage", e.Message);
        }

        Enter(state = state with { Step = UpdateStep.Staged });
        Enter(state = state with { Step = UpdateStep.WarmingUp });
        if (SetSettings(set, version, out settings) is { } invalid)
        {
            DeleteQuietly(set);
            return Refuse(state, "configuration", invalid);
        }

        RuntimeSetup next;
        try
        {
            next = _loader.Load(settings, set);
        }
        catch (RuntimeConfigurationException e)
        {
            DeleteQuietly(set);
            return Refuse(state, "warmUp", e.Message);
        }

        if (ReloadCoordinator.Unchangeable(_active.Current, next) is { } fixedAtStart)
        {
            next.Dispose();
            DeleteQuietly(set);
            return Refuse(state, "configuration", $"bundle version {version}: {fixedAtStart}");
        }

        if (ModelSelfTest.Run(next, _options.Value.SelfTestRuns) is { } problem)
        {
            next.Dispose();
            DeleteQuietly(set);
            return Refuse(state, "warmUp", problem);
        }

        LogWarmedUp(_logger, version, next.Models.Count);
        Enter(state = state with { Step = UpdateStep.Switched });
        RuntimeSetup previous = Switch(setName, next);
        Enter(state = state with { Step = UpdateStep.Checking });
        string? failed = ModelSelfTest.Run(next, _options.Value.SelfTestRuns) ?? _sensing.ModelProblem(next) ?? _sensing.SettingsProblem(next);
        if (failed is not null)
        {
            return RollBack(state, previousSet, previous, next, failed);
        }

        _layout.WriteAccepted(version, _time.GetUtcNow());
        Hook(AcceptedHook);
        state = state with { Step = UpdateStep.Committed, Time = _time.GetUtcNow() };
        Enter(state);
        previous.Dispose();
        RemoveLeftovers();
        _layout.WriteResult(name, state);
        string signers = string.Join(", ", verified.SignedBy);
        LogCommitted(_logger, version, signers);
        return state;
    }

    /// <summary>
    /// Undoes the committed update whose version the request at <paramref name="request"/> names (an
    /// OTA client's rollback, e.g. Mender's ArtifactRollback): the previous set is loaded and
    /// self-tested while the live one serves, then switched back to between frames. The accepted
    /// version stays, so the undone bundle is not taken again. Refused, with the reason, when that
    /// version is not the live, committed one or no previous set is kept.
    /// </summary>
    public UpdateState Revert(string request)
    {
        string name = Path.GetFileName(request);
        UpdateState last = _layout.ReadState();
        string? previousSet = ModelSetLayout.LinkedSet(_layout.PreviousLink);
        var state = new UpdateState { Step = UpdateStep.Verifying, Bundle = name, Time = _time.GetUtcNow() };
        if (!long.TryParse(File.ReadAllText(request).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long version))
        {
            return RefuseQuietly(state, "rollback", "a rollback request names the version to undo, as a number");
        }

        state = state with { Version = version };
        if (last.Step != UpdateStep.Committed || last.Version != version || ModelSetLayout.LinkedSet(_layout.CurrentLink) != ModelSetLayout.SetName(version))
        {
            return RefuseQuietly(state, "rollback", $"version {version} is not the live, committed update (the last update is {last.Step}, version {last.Version})");
        }

        if (previousSet is null)
        {
            return RefuseQuietly(state, "rollback", $"no set before version {version} is kept to go back to");
        }

        RuntimeSetup back;
        try
        {
            // The previous set comes back with its own configuration, as it ran before.
            RuntimeSettings settings = RuntimeSettings.Read(ModelSetConfiguration.Layered(_configuration, _layout.Set(previousSet)));
            back = _loader.Load(settings, _layout.Set(previousSet));
        }
        catch (Exception e) when (e is RuntimeConfigurationException or OptionsValidationException or InvalidDataException)
        {
            return RefuseQuietly(state, "rollback", e.Message);
        }

        if (ModelSelfTest.Run(back, _options.Value.SelfTestRuns) is { } problem)
        {
            back.Dispose();
            return RefuseQuietly(state, "rollback", $"the previous set fails its self-test: {problem}");
        }

        DurableFolder.ReplaceLink(_layout.CurrentLink, Path.Combine("sets", previousSet));
        File.Delete(_layout.PreviousLink);
        DurableFolder.Sync(_layout.Root!);

        // A restart from here on finds the state file still naming the committed update (UndoneAtStart).
        Hook("UndoSwitched");
        Install(back)?.Dispose();
        DeleteQuietly(_layout.Set(ModelSetLayout.SetName(version)));
        state = state with { Step = UpdateStep.RolledBack, PreviousSet = previousSet, Refusal = "requested", Reason = $"version {version} undone on request; set {previousSet} serves again", Time = _time.GetUtcNow() };
        _layout.WriteState(state);
        _layout.WriteResult(name, state);
        LogReverted(_logger, version, previousSet);
        return state;
    }

    /// <summary>A refused rollback request: its result is written, the last update's state stays.</summary>
    private UpdateState RefuseQuietly(UpdateState state, string refusal, string reason)
    {
        state = state with { Step = UpdateStep.Refused, Refusal = refusal, Reason = reason, Time = _time.GetUtcNow() };
        _layout.WriteResult(state.Bundle!, state);
        LogRefused(_logger, state.Bundle!, refusal, new LogText(reason));
        return state;
    }

    /// <summary>Points <c>current</c> at the new set (and <c>previous</c> at the old one), then installs the new setup; returns the old setup, kept until commit.</summary>
    private RuntimeSetup Switch(string setName, RuntimeSetup next)
    {
        if (ModelSetLayout.LinkedSet(_layout.CurrentLink) is { } old)
        {
            DurableFolder.ReplaceLink(_layout.PreviousLink, Path.Combine("sets", old));
        }
        else if (new FileInfo(_layout.PreviousLink).LinkTarget is not null)
        {
            File.Delete(_layout.PreviousLink);
        }

        DurableFolder.ReplaceLink(_layout.CurrentLink, Path.Combine("sets", setName));
        return Install(next)!;
    }

    /// <summary>
    /// Installs <paramref name="setup"/> (loaded from the set <c>current</c> now names) while no reload
    /// runs, with the configuration read again through the moved link first, so a later reload layers
    /// the same set's configuration; returns the setup it replaced.
    /// </summary>
    private RuntimeSetup? Install(RuntimeSetup setup) => _reload.Exclusive(() =>
    {
        ModelSetConfiguration.Refresh(_configuration);
        return _active.Install(setup);
    });

    /// <summary>
    /// The settings the service would run with on <paramref name="set"/>: its own configuration with
    /// the set's <c>config/edgemer.json</c> (if the bundle carried one) on top, checked key by key as a
    /// start checks them, and nothing a running service cannot change. Null when they are fine;
    /// otherwise why not, naming the key.
    /// </summary>
    private string? SetSettings(string set, long version, out RuntimeSettings settings)
    {
        settings = null!;
        string carried = File.Exists(ModelSetConfiguration.FileOf(set)) ? $"with bundle version {version}'s {ModelSetConfiguration.RelativePath}" : $"on bundle version {version}";
        try
        {
            if (ModelSetConfiguration.Forbidden(set) is { } forbidden)
            {
                return $"bundle version {version}: {forbidden}";
            }

            settings = RuntimeSettings.Read(ModelSetConfiguration.Layered(_configuration, set));
        }
        catch (OptionsValidationException e)
        {
            return $"the configuration {carried} does not validate: {string.Join("; ", e.Failures)}";
        }
        catch (InvalidDataException e)
        {
            return $"bundle version {version}: {e.Message}";
        }

        return _reload.Unchangeable(settings) is { } unchangeable ? $"the configuration {carried}: {unchangeable}" : null;
    }

    private UpdateState RollBack(UpdateState state, string? previousSet, RuntimeSetup previous, RuntimeSetup failed, string reason)
    {
        PointBack(previousSet);
        Install(previous);
        failed.Dispose();
        DeleteQuietly(_layout.Set(ModelSetLayout.SetName(state.Version)));
        state = state with { Step = UpdateStep.RolledBack, Refusal = "health", Reason = reason, Time = _time.GetUtcNow() };
        Enter(state);
        _layout.WriteResult(state.Bundle!, state);
        LogRolledBack(_logger, state.Version, new LogText(reason));
        return state;
    }

    private void PointBack(string? previousSet)
    {
        if (previousSet is not null)
        {
            DurableFolder.ReplaceLink(_layout.CurrentLink, Path.Combine("sets", previousSet));
        }
        else if (new FileInfo(_layout.CurrentLink).LinkTarget is not null)
        {
            File.Delete(_layout.CurrentLink);
            DurableFolder.Sync(_layout.Root!);
        }
    }

    private UpdateState Refuse(UpdateState state, string refusal, string reason)
    {
        state = state with { Step = UpdateStep.Refused, Refusal = refusal, Reason = reason, Time = _time.GetUtcNow() };
        _layout.WriteState(state);
        _layout.WriteResult(state.Bundle!, state);
        LogRefused(_logger, state.Bundle!, refusal, new LogText(reason));
        return state;
    }

    private UpdateState Dropped(UpdateState state)
    {
        if (state.Version > 0 && ModelSetLayout.LinkedSet(_layout.CurrentLink) != ModelSetLayout.SetName(state.Version))
        {
            DeleteQuietly(_layout.Set(ModelSetLayout.SetName(state.Version)));
        }

        return state with { Step = UpdateStep.Refused, Refusal = "interrupted", Reason = $"EdgeMer restarted during {state.Step}, before the new set was switched in; the live set was not changed", Time = _time.GetUtcNow() };
    }

    private UpdateState RolledBackAtStart(UpdateState state)
    {
        PointBack(state.PreviousSet);
        if (state.PreviousSet is { } previous)
        {
            // previous keeps pointing at the set before the live one only while an update is open.
            File.Delete(_layout.PreviousLink);
        }

        if (state.Version > 0 && state.PreviousSet != ModelSetLayout.SetName(state.Version))
        {
            DeleteQuietly(_layout.Set(ModelSetLayout.SetName(state.Version)));
        }

        return state with { Step = UpdateStep.RolledBack, Refusal = "interrupted", Reason = $"EdgeMer restarted during {state.Step}, before the update was committed; the previous set was put back", Time = _time.GetUtcNow() };
    }

    /// <summary>
    /// An undo on request (<see cref="Revert"/>) that a restart cut short after it had pointed
    /// <c>current</c> back: the state file still names the committed update while the set before it
    /// serves. Finished here, and its outcome given to the request still in <c>processing/</c>.
    /// </summary>
    private UpdateState UndoneAtStart(UpdateState state, string live)
    {
        File.Delete(_layout.PreviousLink);
        DeleteQuietly(_layout.Set(ModelSetLayout.SetName(state.Version)));
        string? request = Directory.Exists(_layout.Processing)
            ? Directory.EnumerateFiles(_layout.Processing, "*" + UpdateInbox.RollbackExtension).Select(Path.GetFileName).FirstOrDefault()
            : null;
        return state with
        {
            Step = UpdateStep.RolledBack,
            Bundle = request ?? state.Bundle,
            PreviousSet = live,
            Refusal = "requested",
            Reason = $"version {state.Version} undone on request; set {live} serves again (finished at start: EdgeMer restarted after the switch)",
            Time = _time.GetUtcNow(),
        };
    }

    private void RemoveLeftovers()
    {
        if (!Directory.Exists(_layout.Sets))
        {
            return;
        }

        foreach (string staging in Directory.EnumerateDirectories(_layout.Sets, ".staging-*"))
        {
            DeleteQuietly(staging);
        }

        _layout.RemoveUnusedSets();
    }

    /// <summary>Records <paramref name="state"/> (fsync'd) before the step is taken, then the crash tests' hook.</summary>
    private void Enter(UpdateState state)
    {
        _layout.WriteState(state);
        LogStep(_logger, state.Step, state.Version);
        Hook(state.Step.ToString());
    }

    private void Hook(string point)
    {
        if (_killAt == point)
        {
            // Straight to standard error: the logger writes on its own thread, which the kill would cut short.
            Console.Error.WriteLine($"Killing the process at update step {point} ({KillAtVariable})");
            Console.Error.Flush();
            using var self = Process.GetCurrentProcess();
            self.Kill();
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover set is removed at the next update or start; the outcome is what matters now.
        }
    }
}
