namespace EdgeMer.Testing;

/// <summary>Where the repository and the dependencies build.sh staged are.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root (the folder holding EdgeMer.sln).</summary>
    public static string Root => s_root.Value;

    /// <summary>The build cache: <c>$EDGEMER_CACHE</c>, or <c>.cache/</c> under the root.</summary>
    public static string Cache =>
        Environment.GetEnvironmentVariable("EDGEMER_CACHE") is { Length: > 0 } cache ? cache : Path.Combine(Root, ".cache");

    /// <summary>The unpacked, checksum-verified npm package <paramref name="package"/>@<paramref name="version"/>.</summary>
    public static string NpmPackage(string package, string version)
    {
        string dir = Path.Combine(Cache, "npm", $"{package}@{version}");
        if (!File.Exists(Path.Combine(dir, ".verified")))
        {
            throw new InvalidOperationException($"npm package {package}@{version} is not staged at {dir}; run ./build.sh setup");
        }

        return dir;
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeMer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no EdgeMer.sln above {AppContext.BaseDirectory}");
    }
}
