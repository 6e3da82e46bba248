using EdgeMer.Inference.Interop.OnnxRuntime;
using EdgeMer.Testing;

namespace EdgeMer.Inference.Tests;

public sealed class RuntimeLibraryChoiceTests
{
    // A real ONNX Runtime 1.11.0 (C API 11), from the onnxruntime-node 1.11.0 package build.sh pins and
    // verifies: what a JetPack 4 image carries at best. EdgeMer must refuse it, naming both versions.
    [Fact]
    public void A_real_runtime_older_than_c_api_12_is_refused_naming_its_version_and_the_one_needed()
    {
        string old = Path.Combine(RepoPaths.NpmPackage("onnxruntime-node", "1.11.0"), "bin", "napi-v3", "linux", "x64", "libonnxruntime.so.1.11.0");
        Assert.True(File.Exists(old), $"{old} is missing");
        var search = new OnnxRuntimeLibrarySearch { OverridePath = old, SearchLoaderPaths = false, SystemDirectories = [] };

        var error = Assert.Throws<OnnxRuntimeLibraryNotFoundException>(() => OrtLibrary.Load(search));

        Assert.Equal(
            $"{old} (EDGEMER_ORT_LIB): ONNX Runtime 1.11.0 serves C API versions up to 11, but EdgeMer needs C API version 12 (ONNX Runtime 1.12 or newer)",
            Assert.Single(error.Attempts));
    }

    // dlopen searches its own folders for a bare name, so the file checked and the file loaded could differ.
    [Theory]
    [InlineData("libonnxruntime.so")]
    [InlineData("lib/libonnxruntime.so")]
    public void A_relative_override_is_refused_asking_for_the_absolute_path(string relative)
    {
        var search = OnnxRuntimeLibrarySearch.FromEnvironment(AppContext.BaseDirectory, name => name == OnnxRuntimeLibrarySearch.OverrideVariable ? relative : null);

        var error = Assert.Throws<OnnxRuntimeLibraryNotFoundException>(() => OrtLibrary.Load(search));

        string attempt = Assert.Single(error.Attempts);
        Assert.StartsWith($"{relative} (EDGEMER_ORT_LIB): EDGEMER_ORT_LIB must be the library's absolute path, but '{relative}' is relative", attempt, StringComparison.Ordinal);
        Assert.Contains("set it to the file's full path", attempt, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absolute_override_naming_the_bundled_library_loads_it()
    {
        string bundled = Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so");
        var search = new OnnxRuntimeLibrarySearch { OverridePath = bundled, SearchLoaderPaths = false, SystemDirectories = [] };

        OrtLibrary library = OrtLibrary.Load(search);

        Assert.Equal(bundled, library.Location);
        Assert.Equal("1.31.1", library.Version);
    }
}
