using EdgeMer.Inference.Interop.OnnxRuntime;

namespace EdgeMer.Inference.Tests;

public sealed class OnnxRuntimeLibraryTests
{
    [Fact]
    public void Runtime_reports_the_bundled_version_the_pinned_api_version_and_the_cpu_provider()
    {
        OnnxRuntimeInfo runtime = OnnxRuntimeInfo.Current;

        Assert.Equal("1.31.1", runtime.Version);
        Assert.Equal(12, runtime.ApiVersion);
        Assert.Equal(OnnxRuntimeInfo.MinimumApiVersion, runtime.ApiVersion);
        Assert.Contains("CPUExecutionProvider", runtime.AvailableProviders);
    }

    [Fact]
    public void Runtime_is_loaded_from_the_application_folder_first()
    {
        string expected = Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so");

        Assert.Equal(Path.GetFullPath(expected), OnnxRuntimeInfo.Current.LibraryPath);
    }

    [Fact]
    public void The_override_variable_is_the_only_place_tried_so_the_bundled_copy_cannot_shadow_it()
    {
        var search = OnnxRuntimeLibrarySearch.FromEnvironment("/opt/app", name => name == "EDGEMER_ORT_LIB" ? "/custom/libonnxruntime.so.1" : null);

        Assert.Equal(["/custom/libonnxruntime.so.1 (EDGEMER_ORT_LIB)"], search.DescribePlaces());
    }

    [Fact]
    public void Without_the_override_the_search_tries_the_app_folder_the_loader_then_system_folders()
    {
        var search = OnnxRuntimeLibrarySearch.FromEnvironment("/opt/app", _ => null);

        IReadOnlyList<string> places = search.DescribePlaces();

        Assert.StartsWith("/opt/app/libonnxruntime.so (application folder)", places[0], StringComparison.Ordinal);
        Assert.StartsWith("/opt/app/libonnxruntime.so.1 (application folder)", places[1], StringComparison.Ordinal);
        int loaderAt = IndexOf(places, "libonnxruntime.so.1 (system loader search");
        int usrLibAt = IndexOf(places, "/usr/lib/libonnxruntime.so.1");
        int aarch64At = IndexOf(places, "/usr/lib/aarch64-linux-gnu/libonnxruntime.so.1");
        Assert.True(loaderAt > 0 && loaderAt < usrLibAt && usrLibAt < aarch64At, string.Join("\n", places));
        Assert.True(IndexOf(places, "/usr/local/lib/libonnxruntime.so.1") > 0);
        Assert.True(IndexOf(places, "/usr/lib/x86_64-linux-gnu/libonnxruntime.so.1") > 0);
    }

    [Fact]
    public void Search_without_the_override_variable_skips_it()
    {
        var search = OnnxRuntimeLibrarySearch.FromEnvironment("/opt/app", _ => null);

        Assert.DoesNotContain(search.DescribePlaces(), place => place.Contains("EDGEMER_ORT_LIB", StringComparison.Ordinal));
    }

    // The process already has ONNX Runtime loaded, and the system loader would hand that copy back
    // for a bare file name, so this search is isolated: an empty application folder, the override
    // pointing at a missing file, and an empty folder as the only system folder.
    [Fact]
    public void An_override_naming_a_missing_file_is_an_error_even_when_a_bundled_copy_exists()
    {
        string missing = Path.Combine(AppContext.BaseDirectory, "nowhere", "libonnxruntime.so.1");
        var search = OnnxRuntimeLibrarySearch.FromEnvironment(AppContext.BaseDirectory, name => name == OnnxRuntimeLibrarySearch.OverrideVariable ? missing : null);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so")), "the bundled copy this test relies on is missing");

        var error = Assert.Throws<OnnxRuntimeLibraryNotFoundException>(() => OrtLibrary.Load(search));

        Assert.Equal([$"{missing} (EDGEMER_ORT_LIB): no such file"], error.Attempts);
        Assert.Contains("EDGEMER_ORT_LIB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_library_error_lists_every_place_tried_and_why_it_failed()
    {
        string empty = Directory.CreateTempSubdirectory("edgemer-ort-search").FullName;
        try
        {
            var search = OnnxRuntimeLibrarySearch.FromEnvironment(empty, _ => null) with
            {
                SearchLoaderPaths = false,
                SystemDirectories = [Path.Combine(empty, "system")],
            };

            var error = Assert.Throws<OnnxRuntimeLibraryNotFoundException>(() => OrtLibrary.Load(search));

            Assert.Equal(search.DescribePlaces().Count, error.Attempts.Count);
            Assert.Contains($"{Path.Combine(empty, "libonnxruntime.so")} (application folder): no such file", error.Attempts);
            Assert.Contains($"{Path.Combine(empty, "system", "libonnxruntime.so.1")}: no such file", error.Attempts);
            Assert.Contains("C API version 12", error.Message, StringComparison.Ordinal);
            Assert.Contains("EDGEMER_ORT_LIB", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_shared_library_is_reported_with_the_loader_error()
    {
        string folder = Directory.CreateTempSubdirectory("edgemer-ort-bad").FullName;
        try
        {
            string bogus = Path.Combine(folder, "libonnxruntime.so");
            File.WriteAllText(bogus, "not an ELF file");
            var search = new OnnxRuntimeLibrarySearch { AppDirectory = folder, SearchLoaderPaths = false, SystemDirectories = [] };

            var error = Assert.Throws<OnnxRuntimeLibraryNotFoundException>(() => OrtLibrary.Load(search));

            Assert.StartsWith($"{bogus} (application folder): could not be loaded (", error.Attempts[0], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_shared_library_without_OrtGetApiBase_is_not_taken_for_onnx_runtime()
    {
        string? libc = Array.Find(["/lib/x86_64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6", "/lib64/libc.so.6"], File.Exists);
        Assert.True(libc is not null, "this test needs glibc's libc.so.6");
        var search = new OnnxRuntimeLibrarySearch { OverridePath = libc, SearchLoaderPaths = false, SystemDirectories = [] };

        var error = Assert.Throws<OnnxRuntimeLibraryNotFoundException>(() => OrtLibrary.Load(search));

        Assert.Equal($"{libc} (EDGEMER_ORT_LIB): loaded, but it does not export OrtGetApiBase, so it is not an ONNX Runtime library", Assert.Single(error.Attempts));
    }

    [Theory]
    [InlineData("1.30.0", true, 30u)]
    [InlineData("1.12.1", true, 12u)]
    [InlineData("1.11.0", true, 11u)]
    [InlineData("2.0.0", false, 0u)]
    [InlineData("dev", false, 0u)]
    public void The_c_api_version_a_runtime_serves_is_read_from_its_version(string version, bool known, uint apiVersion)
    {
        Assert.Equal(known, OrtLibrary.TryReadApiVersion(version, out uint served));
        Assert.Equal(apiVersion, served);
    }

    private static int IndexOf(IReadOnlyList<string> places, string prefix)
    {
        for (int i = 0; i < places.Count; i++)
        {
            if (places[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
