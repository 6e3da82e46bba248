namespace EdgeMer.Inference;

/// <summary>
/// Where EdgeMer looks for the ONNX Runtime native library. When <c>EDGEMER_ORT_LIB</c> names a file
/// (by its absolute path), that file only: an operator who points at a GPU build (JetPack's, for
/// example) must get it or an error, never the CPU copy bundled beside the executable. Otherwise, in order: the application
/// folder, the system loader's own search (LD_LIBRARY_PATH, ld.so.cache, /lib, /usr/lib), then the
/// usual install folders of Linux distributions and Jetson/Raspberry Pi images. The first library
/// that loads, exports <c>OrtGetApiBase</c> and serves the C API version EdgeMer needs wins.
/// </summary>
public sealed record OnnxRuntimeLibrarySearch
{
    /// <summary>The environment variable that names the library file to use.</summary>
    public const string OverrideVariable = "EDGEMER_ORT_LIB";

    private static readonly string[] s_linuxDirectories =
    [
        "/usr/lib",
        "/usr/local/lib",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib/x86_64-linux-gnu",
        "/usr/local/lib/aarch64-linux-gnu",
        "/usr/local/lib/x86_64-linux-gnu",
        // Where JetPack images and the Jetson build scripts usually put a C/C++ ONNX Runtime.
        "/opt/onnxruntime/lib",
        "/usr/local/onnxruntime/lib",
    ];

    private static readonly string[] s_macDirectories = ["/usr/local/lib", "/opt/homebrew/lib"];

    /// <summary>The application folder (where a bundled copy sits); null to skip it.</summary>
    public string? AppDirectory { get; init; }

    /// <summary>The library file named by <see cref="OverrideVariable"/>; null when it is not set. It must be an absolute path.</summary>
    public string? OverridePath { get; init; }

    /// <summary>Whether to ask the system loader to find the library by file name.</summary>
    public bool SearchLoaderPaths { get; init; } = true;

    /// <summary>Folders searched last, in order.</summary>
    public IReadOnlyList<string> SystemDirectories { get; init; } = DefaultSystemDirectories;

    /// <summary>File names tried in each folder, in order.</summary>
    public IReadOnlyList<string> FileNames { get; init; } = DefaultFileNames;

    /// <summary>The install folders searched on this operating system.</summary>
    public static IReadOnlyList<string> DefaultSystemDirectories =>
        OperatingSystem.IsLinux() ? s_linuxDirectories : OperatingSystem.IsMacOS() ? s_macDirectories : [];

    /// <summary>
    /// The library file names of this operating system. The name the official packages ship
    /// (libonnxruntime.so, which the build copies beside the executable) comes first, so a stale
    /// libonnxruntime.so.1 left in an application folder cannot shadow it.
    /// </summary>
    public static IReadOnlyList<string> DefaultFileNames =>
        OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
        : OperatingSystem.IsMacOS() ? ["libonnxruntime.dylib"]
        : ["libonnxruntime.so", "libonnxruntime.so.1"];

    /// <summary>The search this process uses: its application folder and its environment.</summary>
    public static OnnxRuntimeLibrarySearch FromEnvironment() =>
        FromEnvironment(AppContext.BaseDirectory, Environment.GetEnvironmentVariable);

    /// <summary>The search for an application in <paramref name="appDirectory"/> whose environment is <paramref name="getVariable"/>.</summary>
    public static OnnxRuntimeLibrarySearch FromEnvironment(string appDirectory, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? overridePath = getVariable(OverrideVariable);
        return new OnnxRuntimeLibrarySearch
        {
            AppDirectory = appDirectory,
            OverridePath = string.IsNullOrWhiteSpace(overridePath) ? null : overridePath,
        };
    }

    /// <summary>Every place this search tries, in order, described for people.</summary>
    public IReadOnlyList<string> DescribePlaces()
    {
        var places = new List<string>();
        foreach (Place place in Places())
        {
            places.Add(place.Description);
        }

        return places;
    }

    internal IEnumerable<Place> Places()
    {
        if (OverridePath is not null)
        {
            yield return new Place(OverridePath, IsFilePath: true, $"{OverridePath} ({OverrideVariable})", IsOverride: true);
            yield break;
        }

        if (AppDirectory is not null)
        {
            foreach (string name in FileNames)
            {
                string path = Path.Combine(AppDirectory, name);
                yield return new Place(path, IsFilePath: true, $"{path} (application folder)");
            }
        }

        if (SearchLoaderPaths)
        {
            foreach (string name in FileNames)
            {
                yield return new Place(name, IsFilePath: false, $"{name} (system loader search: LD_LIBRARY_PATH, ld.so.cache, default folders)");
            }
        }

        foreach (string directory in SystemDirectories)
        {
            foreach (string name in FileNames)
            {
                string path = Path.Combine(directory, name);
                yield return new Place(path, IsFilePath: true, path);
            }
        }
    }

    internal readonly record struct Place(string Location, bool IsFilePath, string Description, bool IsOverride = false);
}
