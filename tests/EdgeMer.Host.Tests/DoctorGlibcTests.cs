using System.Text.Json;
using EdgeMer.Host.Commands;
using EdgeMer.Platform;
using EdgeMer.Runtime.Diagnostics;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

// A board whose C library is older than the published binary's would refuse to start it, so doctor
// compares the glibc a profile states for its board with the binary's floor, wherever it runs.
public sealed class DoctorGlibcTests
{
    private static readonly string s_devices = Path.Combine(RepoPaths.Root, "devices");

    private static DoctorReport Examine(string profile) =>
        Doctor.Examine(new(s_devices, profile, Path.Combine(RepoPaths.Root, "models"), Path.Combine(RepoPaths.Cache, "models"), LoadModels: false));

    [Fact]
    public void A_jetson_nano_on_jetpack_4_6_is_said_to_be_below_the_binarys_glibc()
    {
        DoctorReport report = Examine("jetson-nano");
        using var text = new StringWriter();
        DoctorCommand.Write(report, text);

        Assert.Equal("2.34", report.EdgeMer.GlibcFloor);
        Assert.Equal("2.27", report.DeviceProfile.Glibc);
        Assert.StartsWith(
            "this profile's board runs glibc 2.27, older than the 2.34 this edgemer needs, so it would not start there: publish it against a glibc 2.27 sysroot",
            report.DeviceProfile.GlibcNote,
            StringComparison.Ordinal);
        Assert.Contains($"  NOTE          {report.DeviceProfile.GlibcNote}", text.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("raspberry-pi-5")]
    [InlineData("raspberry-pi-4")]
    [InlineData("jetson-orin-nano")]
    [InlineData("x64-dev")]
    public void Boards_at_or_above_the_floor_and_profiles_that_state_no_glibc_get_no_note(string profile)
    {
        Assert.Null(Examine(profile).DeviceProfile.GlibcNote);
    }

    [Fact]
    public void The_report_carries_the_running_glibc_and_the_floor_in_json_and_text()
    {
        DoctorReport report = Examine("x64-dev");
        using var text = new StringWriter();
        DoctorCommand.Write(report, text);
        using JsonDocument json = JsonDocument.Parse(JsonSerializer.Serialize(report, DoctorJsonContext.Default.DoctorReport));

        // getconf asks the same C library by another route: "glibc 2.36".
        string running = ExternalProgram.Run("getconf", ["GNU_LIBC_VERSION"], TimeSpan.FromSeconds(10))
            .EnsureSuccess("getconf GNU_LIBC_VERSION").StandardOutput.Trim().Replace("glibc ", string.Empty, StringComparison.Ordinal);
        Assert.Equal(running, CLibrary.RunningGlibc()?.ToString());
        Assert.Equal(running, json.RootElement.GetProperty("machine").GetProperty("glibc").GetString());
        Assert.Equal("2.34", json.RootElement.GetProperty("edgeMer").GetProperty("glibcFloor").GetString());
        Assert.Contains($"  glibc         {running} (this edgemer needs 2.34 or newer)", text.ToString(), StringComparison.Ordinal);
    }
}
