using System.Globalization;
using System.Text.Json;
using EdgeMer.Fleet.Trust;
using EdgeMer.Platform;
using EdgeMer.Runtime.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Updates;

/// <summary>
/// The update folder on disk (docs/fleet.md): complete model sets in <c>sets/&lt;version&gt;/</c>
/// (<c>store/</c>, <c>models/</c>), the live set named by the symbolic link <c>current</c> (replaced
/// atomically), the set before it by <c>previous</c>, the state file <c>update.json</c>, the last
/// accepted version <c>accepted.json</c>, the trust root and the inbox. With no
/// <see cref="FleetOptions.Directory"/> configured, updates are off and the configured store serves.
/// </summary>
public sealed class ModelSetLayout
{
    private readonly FleetOptions _options;

    public ModelSetLayout(IOptions<FleetOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (!string.IsNullOrEmpty(_options.Directory))
        {
            Root = Path.GetFullPath(_options.Directory);
        }
    }

    /// <summary>The update folder, or null when updates are off.</summary>
    public string? Root { get; }

    public bool Enabled => Root is not null;

    public string Sets => Path.Combine(RootOrThrow, "sets");

    public string CurrentLink => Path.Combine(RootOrThrow, "current");

    public string PreviousLink => Path.Combine(RootOrThrow, "previous");

    public string StatePath => Path.Combine(RootOrThrow, "update.json");

    public string AcceptedPath => Path.Combine(RootOrThrow, "accepted.json");

    public string Inbox => string.IsNullOrEmpty(_options.Inbox) ? Path.Combine(RootOrThrow, "inbox") : Path.GetFullPath(_options.Inbox);

    /// <summary>Where each bundle's outcome is written (<c>NAME.json</c> for <c>NAME</c> dropped in the inbox), for whoever dropped it.</summary>
    public string Results => Path.Combine(RootOrThrow, "results");

    /// <summary>Where the bundle or request being applied is kept, moved out of the inbox first.</summary>
    public string Processing => Path.Combine(RootOrThrow, "processing");

    public string TrustPath => string.IsNullOrEmpty(_options.Trust) ? Path.Combine(RootOrThrow, "trust.json") : Path.GetFullPath(_options.Trust);

    private string RootOrThrow => Root ?? throw new InvalidOperationException($"updates are off ({FleetOptions.Section}:Directory is empty)");

    /// <summary>The folder of set <paramref name="name"/> (a version number).</summary>
    public string Set(string name) => Path.Combine(Sets, name);

    public static string SetName(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The set name <paramref name="link"/> points at, or null when there is no such link.</summary>
    public static string? LinkedSet(string link)
    {
        var info = new FileInfo(link);
        return info.LinkTarget is { } target ? Path.GetFileName(target.TrimEnd('/')) : null;
    }

    /// <summary>The live set's folder, or null when the configured store serves (no update committed yet, or updates off).</summary>
    public string? CurrentSet => Enabled && LinkedSet(CurrentLink) is { } name ? Set(name) : null;

    /// <summary>
    /// <paramref name="options"/> with the model store and catalog of <paramref name="set"/> (the live set
    /// when null) in place of the configured ones, where the set carries them.
    /// </summary>
    public RuntimeOptions Apply(RuntimeOptions options, string? set = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        set ??= CurrentSet;
        if (set is null)
        {
            return options;
        }

        string store = Path.Combine(set, "store");
        string catalog = Path.Combine(set, "models");
        RuntimeOptions applied = options.Copy();
        applied.Catalog = Directory.Exists(catalog) ? catalog : options.Catalog;
        applied.ModelStore = Directory.Exists(store) ? store : options.ModelStore;
        return applied;
    }

    /// <summary>The state file, or a <see cref="UpdateStep.None"/> state when there is none.</summary>
    public UpdateState ReadState()
    {
        if (!File.Exists(StatePath))
        {
            return new UpdateState { Step = UpdateStep.None };
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(StatePath), UpdateJsonContext.Default.UpdateState) ?? new UpdateState { Step = UpdateStep.None };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"update state {StatePath} is malformed: {e.Message}", e);
        }
    }

    public void WriteState(UpdateState state)
    {
        AtomicFile.Write(StatePath, JsonSerializer.SerializeToUtf8Bytes(state, UpdateJsonContext.Default.UpdateState));
        DurableFolder.Sync(RootOrThrow);
    }

    /// <summary>The last version this device accepted (0 when none).</summary>
    public long ReadAccepted() => AcceptedVersion.Read(AcceptedPath);

    public void WriteAccepted(long version, DateTimeOffset now)
    {
        AcceptedVersion.Write(AcceptedPath, version, now);
        DurableFolder.Sync(RootOrThrow);
    }

    /// <summary>Whether the outcome of the bundle that arrived as <paramref name="bundle"/> was written.</summary>
    public bool HasResult(string bundle) => File.Exists(Path.Combine(Results, Path.GetFileName(bundle) + ".json"));

    /// <summary>Writes the outcome of the bundle that arrived as <paramref name="bundle"/> for whoever dropped it.</summary>
    public void WriteResult(string bundle, UpdateState state)
    {
        Directory.CreateDirectory(Results);
        AtomicFile.Write(Path.Combine(Results, Path.GetFileName(bundle) + ".json"), JsonSerializer.SerializeToUtf8Bytes(state, UpdateJsonContext.Default.UpdateState));
    }

    public TrustRoot ReadTrust() => TrustRoot.Read(TrustPath);

    /// <summary>Removes every set but the live and the previous one, and leftovers of interrupted staging.</summary>
    public void RemoveUnusedSets()
    {
        if (!Directory.Exists(Sets))
        {
            return;
        }

        string? current = LinkedSet(CurrentLink);
        string? previous = LinkedSet(PreviousLink);
        foreach (string folder in Directory.EnumerateDirectories(Sets))
        {
            string name = Path.GetFileName(folder);
            if (name != current && name != previous)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
