using Microsoft.Extensions.Options;

namespace EdgeMer.Host.Runtime;

/// <summary>Configuration of the EdgeMer runtime service (section <c>EdgeMer</c>).</summary>
public sealed class RuntimeOptions
{
    public const string Section = "EdgeMer";

    /// <summary>Device profile id (a file in <see cref="Devices"/>) or path; empty to detect it from the board.</summary>
    public string? Profile { get; set; }

    /// <summary>Folder of device profiles; empty for the ones beside the executable.</summary>
    public string? Devices { get; set; }

    /// <summary>Folder of model manifests; empty for <c>models/</c> of the repository around the current folder.</summary>
    public string? Catalog { get; set; }

    /// <summary>Folder of built models with their <c>index.json</c>; empty for <c>$EDGEMER_CACHE/models</c>.</summary>
    public string? ModelStore { get; set; }

    /// <summary>The catalogued models to load; empty loads every catalogued model.</summary>
    public IList<string> Models { get; set; } = [];

    /// <summary>How often a health message is published.</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every invalid key and what it allows.</summary>
    public void Validate()
    {
        var failures = new List<string>();
        if (HealthInterval < TimeSpan.FromMilliseconds(100) || HealthInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Section}:HealthInterval {HealthInterval} must be from 00:00:00.1 to 00:10:00");
        }

        for (int i = 0; i < Models.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Models[i]))
            {
                failures.Add($"{Section}:Models:{i} is empty; allowed: a catalogued model id such as emotion");
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(RuntimeOptions), failures);
        }
    }
}
