using System.Collections;
using Microsoft.Extensions.Configuration;

namespace EdgeMer.Runtime.Configuration;

/// <summary>
/// Where <c>edgemer run</c> reads its configuration from, later sources winning: the JSON file,
/// then <c>EDGEMER_Section__Key</c> environment variables, then <c>--Section:Key=value</c> arguments.
/// </summary>
public static class ConfigurationSources
{
    /// <summary>The prefix of environment variables that set configuration keys (<c>EDGEMER_EdgeMer__Profile</c>).</summary>
    public const string EnvironmentPrefix = "EDGEMER_";

    /// <summary>
    /// Adds the three sources to <paramref name="builder"/>; a configuration file that is missing, a
    /// folder, empty, not JSON or not a JSON object is a <see cref="RuntimeConfigurationException"/>
    /// naming it and the problem.
    /// </summary>
    public static IConfigurationBuilder AddEdgeMerSources(this IConfigurationBuilder builder, string configFile, IReadOnlyList<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(configFile);
        ArgumentNullException.ThrowIfNull(overrides);
        string path = Path.GetFullPath(configFile);
        if (Directory.Exists(path))
        {
            throw new RuntimeConfigurationException($"configuration file {path} is a folder, not a file");
        }

        if (!File.Exists(path))
        {
            throw new RuntimeConfigurationException($"configuration file {path} does not exist");
        }

        try
        {
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);

            // A ConfigurationManager loads a source as it is added; a plain builder loads it here.
            if (builder is not IConfiguration)
            {
                builder.Build();
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new RuntimeConfigurationException($"configuration file {path}: {Innermost(e).Message}", e);
        }

        builder.AddInMemoryCollection(EnvironmentSettings(Environment.GetEnvironmentVariables()));
        builder.AddCommandLine([.. overrides]);
        return builder;
    }

    /// <summary>
    /// The configuration keys set by <c>EDGEMER_</c> variables. Only those naming a key inside a
    /// section (with <c>__</c>) count: <c>EDGEMER_CACHE</c> and the like are settings of the build
    /// and the binding, not configuration, and must not trip the unknown-key check.
    /// </summary>
    internal static IEnumerable<KeyValuePair<string, string?>> EnvironmentSettings(IDictionary variables)
    {
        var settings = new List<KeyValuePair<string, string?>>();
        foreach (DictionaryEntry variable in variables)
        {
            if (variable.Key is string name
                && name.StartsWith(EnvironmentPrefix, StringComparison.Ordinal)
                && name.Contains("__", StringComparison.Ordinal))
            {
                settings.Add(new(name[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), variable.Value as string));
            }
        }

        return settings;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
