using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Host.Commands;
using EdgeMer.Runtime.Diagnostics;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

// Doctor says per provider whether it is compiled in, has its libraries, and is usable, and a profile
// whose providers need another runtime than the one loaded is flagged, not read as a promise.
public sealed class DoctorProviderReportTests
{
    private static readonly string s_devices = Path.Combine(RepoPaths.Root, "devices");

    private static DoctorReport Examine(string profile) =>
        Doctor.Examine(new(s_devices, profile, Path.Combine(RepoPaths.Root, "models"), Path.Combine(RepoPaths.Cache, "models"), LoadModels: false));

    [Fact]
    public void Each_provider_is_reported_compiled_in_with_libraries_and_usable_or_why_not()
    {
        DoctorReport report = Examine("x64-dev");

        IReadOnlyList<ProviderSupportReport> support = report.OnnxRuntime.ProviderSupport;
        Assert.Equal(
            ["CPUExecutionProvider", "CUDAExecutionProvider", "TensorrtExecutionProvider", "DmlExecutionProvider", "XnnpackExecutionProvider"],
            support.Select(p => p.Provider));
        Assert.Equal(new ProviderSupportReport("CPUExecutionProvider", true, "BuiltIn", [], true, "a session with it ran a one-node model"), support[0]);
        ProviderSupportReport cuda = support[1];
        Assert.False(cuda.CompiledIn);
        Assert.Equal("Missing", cuda.Libraries);
        Assert.False(cuda.Usable);
        Assert.StartsWith("not compiled into this build", cuda.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_and_json_reports_carry_the_provider_table()
    {
        DoctorReport report = Examine("x64-dev");
        using var text = new StringWriter();

        DoctorCommand.Write(report, text);
        using JsonDocument json = JsonDocument.Parse(JsonSerializer.Serialize(report, DoctorJsonContext.Default.DoctorReport));

        Assert.Contains("  provider                    compiled in  libraries  usable  why", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("  XnnpackExecutionProvider    no           BuiltIn    no      not compiled into this build", text.ToString(), StringComparison.Ordinal);
        JsonElement cpu = json.RootElement.GetProperty("onnxRuntime").GetProperty("providerSupport")[0];
        Assert.Equal("CPUExecutionProvider", cpu.GetProperty("provider").GetString());
        Assert.True(cpu.GetProperty("compiledIn").GetBoolean());
        Assert.Equal("BuiltIn", cpu.GetProperty("libraries").GetString());
        Assert.True(cpu.GetProperty("usable").GetBoolean());
    }

    [Fact]
    public void A_jetson_profile_on_the_bundled_runtime_is_flagged_as_needing_the_devices_own_runtime()
    {
        DoctorReport report = Examine("jetson-orin-nano");

        Assert.Equal("device", report.DeviceProfile.OnnxRuntime);
        Assert.StartsWith(
            "this profile's TensorRT, CUDA need the device's own ONNX Runtime (set EDGEMER_ORT_LIB to its library)",
            report.DeviceProfile.RuntimeNote,
            StringComparison.Ordinal);
        Assert.Equal("CPUExecutionProvider", report.ExecutionProviders!.Selected);
    }

    [Fact]
    public void A_profile_on_the_runtime_it_expects_gets_no_note()
    {
        Assert.Null(Examine("raspberry-pi-4").DeviceProfile.RuntimeNote);
        Assert.Null(Examine("x64-dev").DeviceProfile.RuntimeNote);
    }

    [Fact]
    public void Doctor_json_from_the_command_line_says_cuda_is_not_usable_on_the_bundled_runtime()
    {
        ExternalProgramResult result = ExternalProgram.Run(
            TestPrograms.Dotnet, [Path.Combine(AppContext.BaseDirectory, "edgemer.dll"), "doctor", "--json", "--profile", "jetson-nano"], TimeSpan.FromMinutes(2),
            workingDirectory: RepoPaths.Root).EnsureSuccess("edgemer doctor --json");

        using JsonDocument json = JsonDocument.Parse(result.StandardOutput);
        JsonElement cuda = json.RootElement.GetProperty("onnxRuntime").GetProperty("providerSupport")[1];
        Assert.Equal("CUDAExecutionProvider", cuda.GetProperty("provider").GetString());
        Assert.False(cuda.GetProperty("usable").GetBoolean());
        Assert.Contains("EDGEMER_ORT_LIB", json.RootElement.GetProperty("deviceProfile").GetProperty("runtimeNote").GetString(), StringComparison.Ordinal);
    }
}
