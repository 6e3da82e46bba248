using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace EdgeMer.Runtime.Updates;

/// <summary>
/// A model set's configuration (<c>sets/&lt;version&gt;/config/edgemer.json</c>, from a bundle that
/// carried one) layered over the service's own configuration (the <c>--config</c> file, the
/// environment, the command line): the top layer, so its keys win, read through the <c>current</c>
/// link, so the configuration is always the live set's. <see cref="Refresh"/> re-reads it after the
/// link moved (a switch, a rollback, a recovery at start); a reload re-reads it with the rest.
/// </summary>
public static class ModelSetConfiguration
{
    /// <summary>Where a set keeps its configuration, relative to the set's folder.</summary>
    public const string RelativePath = "config/edgemer.json";

    /// <summary>
    /// Adds the live set's configuration on top of <paramref name="builder"/>, when its
    /// configuration so far turns updates on (<c>Fleet:Directory</c>); without updates it adds nothing.
    /// </summary>
    public static IConfigurationBuilder AddModelSetConfiguration(this IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IConfiguration configuration = builder as IConfiguration ?? builder.Build();
        if (configuration[$"{FleetOptions.Section}:Directory"] is { Length: > 0 } directory)
        {
            builder.Add(new SetFileSource(FileOf(Path.Combine(Path.GetFullPath(directory), "current")), live: true));
        }

        return builder;
    }

    /// <summary>The configuration file of the set in <paramref name="set"/> (a set's folder), whether or not it has one.</summary>
    public static string FileOf(string set) => Path.Combine(set, "config", "edgemer.json");

    /// <summary>
    /// The service's own configuration (<paramref name="configuration"/> without its live set's
    /// layer) with <paramref name="set"/>'s configuration on top instead: what the service would run
    /// with on that set. Throws <see cref="InvalidDataException"/> naming the file when it is not a JSON object.
    /// </summary>
    public static IConfiguration Layered(IConfiguration configuration, string set)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(set);
        var own = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (configuration is IConfigurationRoot root)
        {
            foreach (IConfigurationProvider provider in root.Providers)
            {
                if (provider is not LiveSetProvider)
                {
                    Collect(provider, parent: null, own);
                }
            }
        }
        else
        {
            foreach (KeyValuePair<string, string?> pair in configuration.AsEnumerable())
            {
                own[pair.Key] = pair.Value;
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(own).Add(new SetFileSource(FileOf(set), live: false)).Build();
    }

    /// <summary>
    /// Why <paramref name="set"/>'s configuration sets what no bundle may: the <c>Fleet</c> section, the
    /// update machinery's own settings (where bundles come from, which keys are trusted). Null when it
    /// does not, or the set has no configuration. Throws <see cref="InvalidDataException"/> naming a file that is not a JSON object.
    /// </summary>
    public static string? Forbidden(string set)
    {
        ArgumentException.ThrowIfNullOrEmpty(set);
        string file = FileOf(set);
        if (!File.Exists(file))
        {
            return null;
        }

        var layer = new SetFileProvider(file);
        layer.Load();
        return layer.GetChildKeys([], null).Any(key => string.Equals(key, FleetOptions.Section, StringComparison.OrdinalIgnoreCase))
            ? $"{RelativePath} sets {FleetOptions.Section}, the update settings themselves, which no bundle may change"
            : null;
    }

    /// <summary>Re-reads the live set's configuration in <paramref name="configuration"/> after <c>current</c> moved.</summary>
    public static void Refresh(IConfiguration configuration)
    {
        if (configuration is IConfigurationRoot root)
        {
            foreach (IConfigurationProvider provider in root.Providers)
            {
                if (provider is LiveSetProvider live)
                {
                    live.Load();
                }
            }
        }
    }

    private static void Collect(IConfigurationProvider provider, string? parent, Dictionary<string, string?> into)
    {
        foreach (string key in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            string path = parent is null ? key : ConfigurationPath.Combine(parent, key);
            if (provider.TryGet(path, out string? value))
            {
                into[path] = value;
            }

            Collect(provider, path, into);
        }
    }

    /// <summary>The JSON file of one set, read as the <c>--config</c> file is; a missing file is an empty layer.</summary>
    private class SetFileProvider(string file) : JsonConfigurationProvider(new JsonConfigurationSource { Optional = true })
    {
        public override void Load()
        {
            if (!File.Exists(file))
            {
                Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                return;
            }

            try
            {
                using FileStream stream = File.OpenRead(file);
                Load(stream);
            }
            catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
            {
                throw new InvalidDataException($"configuration file {file}: {e.Message}", e);
            }
        }
    }

    /// <summary>The live set's file, through the <c>current</c> link, so every load reads the set it points at then.</summary>
    private sealed class LiveSetProvider(string file) : SetFileProvider(file);

    private sealed class SetFileSource(string file, bool live) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => live ? new LiveSetProvider(file) : new SetFileProvider(file);
    }
}
