using System.Globalization;
using System.Text.RegularExpressions;
using EdgeMer.Devices;
using EdgeMer.Platform;
using EdgeMer.Runtime.Packaging;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>
/// The systemd unit <c>edgemer service unit</c> writes, checked by systemd's own analyzer (Debian's
/// systemd-analyze; the build machines run no systemd, which <c>verify</c> and <c>security --offline</c>
/// do not need).
/// </summary>
public sealed partial class ServiceUnitTests : IDisposable
{
    private const string Analyzer = "/usr/bin/systemd-analyze";
    private static readonly string s_devices = Path.Combine(RepoPaths.Root, "devices");
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-unit-").FullName;
    private readonly string _executable;

    public ServiceUnitTests()
    {
        // verify checks that ExecStart names an executable file: a stand-in where the real one would be installed.
        _executable = Path.Combine(_dir, "edgemer");
        File.WriteAllText(_executable, "#!/bin/sh\n");
        File.SetUnixFileMode(_executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("raspberry-pi-5")]
    [InlineData("raspberry-pi-4")]
    [InlineData("jetson-orin-nano")]
    [InlineData("jetson-nano")]
    [InlineData("x64-dev")]
    public void The_unit_for_each_profile_passes_systemd_analyze_verify_without_a_complaint(string profile)
    {
        string unit = WriteUnit(profile);

        ExternalProgramResult verify = ExternalProgram.Run(Analyzer, ["verify", unit], TimeSpan.FromMinutes(1));

        // verify exits 0 even for a directive it ignores ("Failed to parse ..., ignoring"): nothing may be said at all.
        Assert.True(verify.ExitCode == 0 && verify.StandardError.Length == 0, $"systemd-analyze verify exited {verify.ExitCode}:\n{verify.StandardError}");
    }

    [Fact]
    public void Verify_does_complain_about_a_misspelt_value_so_a_silent_verify_means_something()
    {
        string unit = WriteUnit("raspberry-pi-5");
        File.WriteAllText(unit, File.ReadAllText(unit).Replace("ProtectSystem=strict", "ProtectSystem=strickt", StringComparison.Ordinal));

        ExternalProgramResult verify = ExternalProgram.Run(Analyzer, ["verify", unit], TimeSpan.FromMinutes(1));

        Assert.Contains("Failed to parse protect system value", verify.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unit_opens_only_the_camera_sound_and_gpio_chip_the_profile_names()
    {
        string text = File.ReadAllText(WriteUnit("raspberry-pi-5"));

        Assert.Equal(["/dev/video0 rw", "char-alsa rw", "/dev/gpiochip4 rw"], DeviceAllow().Matches(text).Select(m => m.Groups["node"].Value));
        Assert.Contains("DevicePolicy=closed\n", text, StringComparison.Ordinal);
        Assert.Empty(DeviceAllow().Matches(File.ReadAllText(WriteUnit("x64-dev"))));
    }

    [Fact]
    public void The_unit_is_hardened_and_has_systemd_watch_the_service()
    {
        string text = File.ReadAllText(WriteUnit("raspberry-pi-5"));

        foreach (string line in (string[])[
            "Type=notify", $"ExecStart={_executable} run --config /etc/edgemer/edgemer.json", "WatchdogSec=30", "MemoryDenyWriteExecute=yes",
            "ProtectSystem=strict", "StateDirectory=edgemer", "RuntimeDirectory=edgemer", "PrivateTmp=yes", "NoNewPrivileges=yes",
            "CapabilityBoundingSet=", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK", "Environment=EDGEMER_EdgeMer__Profile=raspberry-pi-5"])
        {
            Assert.Contains("\n" + line + "\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Systemd_rates_the_units_exposure_low()
    {
        string unit = WriteUnit("raspberry-pi-5");

        ExternalProgramResult security = ExternalProgram.Run(Analyzer, ["security", "--offline=true", "--no-pager", unit], TimeSpan.FromMinutes(1));

        Match overall = Exposure().Match(security.StandardOutput);
        Assert.True(overall.Success, $"no overall exposure in:\n{security.StandardOutput}\n{security.StandardError}");
        double exposure = double.Parse(overall.Groups["level"].Value, CultureInfo.InvariantCulture);
        // systemd calls up to 3.9 "OK"; a unit without any of the hardening above scores 9.6 ("UNSAFE").
        Assert.True(exposure <= 3.9, $"exposure {exposure}:\n{security.StandardOutput}");
    }

    [Fact]
    public void The_example_unit_in_the_docs_is_the_one_the_command_writes_for_a_raspberry_pi_5()
    {
        string example = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "examples", "edgemer.service"));

        Assert.Equal(SystemdUnit.For(DeviceProfileLoader.Load(Path.Combine(s_devices, "raspberry-pi-5.json")), "/opt/edgemer/edgemer", "/etc/edgemer/edgemer.json"), example);
    }

    [Fact]
    public void A_relative_executable_is_refused_naming_it()
    {
        DeviceProfile profile = DeviceProfileLoader.Load(Path.Combine(s_devices, "x64-dev.json"));

        var e = Assert.Throws<ArgumentException>(() => SystemdUnit.For(profile, "edgemer", "/etc/edgemer/edgemer.json"));

        Assert.Contains("(edgemer)", e.Message, StringComparison.Ordinal);
    }

    private string WriteUnit(string profile)
    {
        string path = Path.Combine(_dir, $"edgemer-{profile}.service");
        File.WriteAllText(path, SystemdUnit.For(DeviceProfileLoader.Load(Path.Combine(s_devices, profile + ".json")), _executable, "/etc/edgemer/edgemer.json"));
        return path;
    }

    [GeneratedRegex(@"^DeviceAllow=(?<node>.+)$", RegexOptions.Multiline)]
    private static partial Regex DeviceAllow();

    [GeneratedRegex(@"Overall exposure level for [^:]+: (?<level>\d+\.\d)")]
    private static partial Regex Exposure();
}
