namespace EdgeMer.Runtime.Configuration;

/// <summary>Configuration of the EdgeMer runtime service (section <c>EdgeMer</c>); checked by <see cref="RuntimeOptionsValidator"/>.</summary>
public sealed class RuntimeOptions
{
    public const string Section = "EdgeMer";

    /// <summary>Device profile id (a file in <see cref="Devices"/>) or path; empty to detect it from the board.</summary>
    public string? Profile { get; set; }

    /// <summary>Folder of device profiles; empty for the ones beside the executable.</summary>
    public string? Devices { get; set; }

    /// <summary>Folder of model manifests; empty for <c>models/</c> of the repository around the current folder, else the ones beside the executable.</summary>
    public string? Catalog { get; set; }

    /// <summary>Folder of built models with their <c>index.json</c>; empty for <c>$EDGEMER_CACHE/models</c>.</summary>
    public string? ModelStore { get; set; }

    /// <summary>The catalogued models to load; empty loads every catalogued model.</summary>
    public IList<string> Models { get; set; } = [];

    /// <summary>How often a health message is published.</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the C library's free memory is given back to the kernel (<see cref="Hosting.NativeMemoryTrim"/>); zero for never.</summary>
    public TimeSpan NativeMemoryTrimInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Where the service keeps what must survive a restart (the privacy switch); empty for systemd's
    /// <c>$STATE_DIRECTORY</c>, else <c>$XDG_STATE_HOME/edgemer</c>, else <c>~/.local/state/edgemer</c>.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>A copy with every setting as here (the model list shared), so a setting added later is carried too.</summary>
    internal RuntimeOptions Copy() => (RuntimeOptions)MemberwiseClone();
}
