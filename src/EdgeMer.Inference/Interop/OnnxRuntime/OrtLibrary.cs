using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// A loaded ONNX Runtime library: where it came from, its version and its OrtApi table at the
// pinned version. Found by walking an OnnxRuntimeLibrarySearch; every place that does not work is
// remembered with the reason so the final error can list them all.
internal sealed unsafe class OrtLibrary
{
    private OrtLibrary(nint handle, string location, string version, OrtApi* api)
    {
        Handle = handle;
        Location = location;
        Version = version;
        Api = api;
    }

    public nint Handle { get; }

    public string Location { get; }

    public string Version { get; }

    public OrtApi* Api { get; }

    public static OrtLibrary Load(OnnxRuntimeLibrarySearch search)
    {
        var attempts = new List<string>();
        foreach (OnnxRuntimeLibrarySearch.Place place in search.Places())
        {
            OrtLibrary? library = TryLoad(place, out string? failure);
            if (library is not null)
            {
                return library;
            }

            attempts.Add($"{place.Description}: {failure}");
        }

        throw new OnnxRuntimeLibraryNotFoundException(
            $"C API version {OrtApiVersion.Minimum}, i.e. ONNX Runtime {OrtApiVersion.MinimumRuntime} or newer", attempts);
    }

    private static OrtLibrary? TryLoad(OnnxRuntimeLibrarySearch.Place place, out string? failure)
    {
        // A bare or relative name would be checked against the current folder below but handed to
        // the system loader, which searches its own folders for it: the file checked and the file
        // loaded could differ. The override names one file, so it must say which.
        if (place.IsOverride && !Path.IsPathFullyQualified(place.Location))
        {
            failure = $"{OnnxRuntimeLibrarySearch.OverrideVariable} must be the library's absolute path, but '{place.Location}' is relative " +
                $"(it would be checked in the current folder, {Environment.CurrentDirectory}, but loaded through the system loader's search); set it to the file's full path";
            return null;
        }

        if (place.IsFilePath && !File.Exists(place.Location))
        {
            failure = "no such file";
            return null;
        }

        nint handle;
        try
        {
            handle = NativeLibrary.Load(place.Location);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            failure = $"could not be loaded ({e.Message.Trim()})";
            return null;
        }

        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out nint getApiBase))
        {
            NativeLibrary.Free(handle);
            failure = "loaded, but it does not export OrtGetApiBase, so it is not an ONNX Runtime library";
            return null;
        }

        OrtApiBase* apiBase = ((delegate* unmanaged[Cdecl]<OrtApiBase*>)getApiBase)();
        string version = Marshal.PtrToStringUTF8((nint)apiBase->GetVersionString()) ?? "(unknown version)";

        // Check the version string first: GetApi prints to stderr when asked for a version it lacks.
        if (TryReadApiVersion(version, out uint served) && served < OrtApiVersion.Minimum)
        {
            NativeLibrary.Free(handle);
            failure = TooOld(version, served.ToString(CultureInfo.InvariantCulture));
            return null;
        }

        OrtApi* api = apiBase->GetApi(OrtApiVersion.Minimum);
        if (api == null)
        {
            NativeLibrary.Free(handle);
            failure = TooOld(version, "an older version");
            return null;
        }

        string location = place.IsFilePath ? Path.GetFullPath(place.Location) : place.Location;
        failure = null;
        return new OrtLibrary(handle, location, version, api);
    }

    internal static string TooOld(string version, string served) =>
        $"ONNX Runtime {version} serves C API versions up to {served}, but EdgeMer needs C API version " +
        $"{OrtApiVersion.Minimum} (ONNX Runtime {OrtApiVersion.MinimumRuntime} or newer)";

    // "1.30.0" serves C API version 30: since 1.0 the API version has tracked the minor version.
    internal static bool TryReadApiVersion(string version, out uint apiVersion)
    {
        apiVersion = 0;
        string[] parts = version.Split('.');
        return parts.Length >= 2 && parts[0] == "1"
            && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out apiVersion);
    }
}
