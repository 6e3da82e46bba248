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
            _ => null,
        };
        RemoveLeftovers();
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
        RuntimeSetup next;
        try
        {
            next = _loader.Load(settings.Runtime, settings.Security, set);
        }
        catch (RuntimeConfigurationException e)
        {
            DeleteQuietly(set);
            return Refuse(state, "warmUp", e.Message);
        }

        if (_active.Current.Profile.Purpose != next.Profile.Purpose)
        {
            next.Dispose();
            DeleteQuietly(set);
            return Refuse(state, "warmUp", "the new set's device profile has another purpose; restart EdgeMer to change it");
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
        string? failed = ModelSelfTest.Run(next, _options.Value.SelfTestRuns) ?? _sensing.ModelProblem(next);
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
            RuntimeSettings settings = RuntimeSettings.Read(_configuration);
            back = _loader.Load(settings.Runtime, settings.Security, _layout.Set(previousSet));
        }
        catch (Exception e) when (e is RuntimeConfigurationException or OptionsValidationException)
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
        _reload.Exclusive(() => _active.Install(back))?.Dispose();
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
        return _reload.Exclusive(() => _active.Install(next))!;
    }

    private UpdateState RollBack(UpdateState state, string? previousSet, RuntimeSetup previous, RuntimeSetup failed, string reason)
    {
        PointBack(previousSet);
        _reload.Exclusive(() => _active.Install(previous));
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
