namespace EdgeMer.Runtime;

/// <summary>
/// Where the edgemer command finds its data when no option names it: the model catalog and the build
/// cache of a repository checkout around the current folder, or the device profiles beside the executable.
/// </summary>
public static class EdgeMerPaths
{
    /// <summary>The build cache: <c>$EDGEMER_CACHE</c>, else <c>.cache/</c> of the repository around the current folder or the executable.</summary>
    public static string Cache =>
        Environment.GetEnvironmentVariable("EDGEMER_CACHE") is { Length: > 0 } cache
            ? cache
            : Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), ".cache");

    /// <summary>The device profiles copied beside the executable.</summary>
    public static string Devices => Path.Combine(AppContext.BaseDirectory, "devices");

    /// <summary>Built models and their index: <c>models/</c> of the cache.</summary>
    public static string ModelStore => Path.Combine(Cache, "models");

    /// <summary>
    /// The folder of model manifests: <paramref name="given"/>, else <c>models/</c> of the repository
    /// around the current folder (development), else the manifests copied beside the executable (a device).
    /// </summary>
    public static string Catalog(string? given) =>
        given ?? (RepositoryRoot() is { } root ? Path.Combine(root, "models") : Path.Combine(AppContext.BaseDirectory, "models"));

    /// <summary>
    /// The nearest folder holding EdgeMer.sln at or above the current folder, else above the executable
    /// (artifacts/publish/edgemer run from elsewhere); null outside a checkout.
    /// </summary>
    public static string? RepositoryRoot()
    {
        foreach (string start in (string[])[Directory.GetCurrentDirectory(), AppContext.BaseDirectory])
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EdgeMer.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
