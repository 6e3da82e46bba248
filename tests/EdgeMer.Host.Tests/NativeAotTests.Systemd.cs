using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMer.Devices;
using EdgeMer.Platform;
using EdgeMer.Runtime.Packaging;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>The native binary as the systemd unit runs it, and as build/install.sh installs it.</summary>
public sealed partial class NativeAotTests
{
    private static string MdweExec => Path.Combine(AppContext.BaseDirectory, "mdwe-exec.py");

    [Fact]
    public void With_memory_that_may_never_be_writable_and_executable_a_python_mapping_is_refused()
    {
        // The check below means something only if the launcher really refuses W+X memory, after execve.
        ExternalProgramResult probe = ExternalProgram.Run(
            TestPrograms.DebianPython,
            [MdweExec, TestPrograms.DebianPython, "-c", "import mmap; mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)"],
            TimeSpan.FromMinutes(1));

        Assert.NotEqual(0, probe.ExitCode);
        Assert.Contains("PermissionError", probe.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_native_service_senses_video_and_speech_with_memory_that_may_never_be_writable_and_executable()
    {
        // MemoryDenyWriteExecute=yes in the unit: ONNX Runtime, libzmq, SkiaSharp and the ffmpeg children
        // all run under it here, for the sample clip and speech, until the run's duration ends it cleanly.
        string state = Directory.CreateTempSubdirectory("edgemer-mdwe-").FullName;
        try
        {
            string config = Path.Combine(state, "run.json");
            File.WriteAllText(config, new JsonObject
            {
                ["EdgeMer"] = new JsonObject
                {
                    ["Profile"] = "x64-dev",
                    ["Devices"] = Path.Combine(RepoPaths.Root, "devices"),
                    ["Catalog"] = Path.Combine(RepoPaths.Root, "models"),
                    ["ModelStore"] = Path.Combine(RepoPaths.Cache, "models"),
                    ["Models"] = new JsonArray("emotion"),
                    ["HealthInterval"] = "00:00:01",
                },
                ["Sensing"] = new JsonObject
                {
                    ["Video"] = Path.Combine(RepoPaths.Root, "models", "sample-media", "faces-640x480.mp4"),
                    ["Audio"] = Path.Combine(RepoPaths.Root, "models", "sample-media", "speech.wav"),
                    ["Loop"] = true,
                },
                ["Messaging"] = new JsonObject
                {
                    ["Publisher"] = new JsonObject { ["DeviceId"] = "mdwe-device", ["Endpoints"] = new JsonArray("tcp://127.0.0.1:*") },
                    ["Control"] = new JsonObject { ["Endpoint"] = "tcp://127.0.0.1:*" },
                },
                ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Information", ["EdgeMer.Runtime.Hosting.HealthService"] = "Debug" } },
            }.ToJsonString());

            ExternalProgramResult run = ExternalProgram.Run(
                TestPrograms.DebianPython,
                [MdweExec, edgemer.Executable, "run", "--config", config, "--duration", "12", "--view", "lines"],
                TimeSpan.FromMinutes(2),
                environment: new Dictionary<string, string?> { ["XDG_STATE_HOME"] = state });

            string output = run.StandardOutput + run.StandardError;
            Assert.True(run.ExitCode == 0, $"edgemer run under memory-deny-write-execute exited {run.ExitCode}:\n{output}");
            Assert.Contains("Model silero-vad (fp32) runs on Cpu", output, StringComparison.Ordinal);
            Assert.Contains("EdgeMer running", output, StringComparison.Ordinal);
            Assert.Contains("EdgeMer stopped", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public void The_install_script_installs_user_binary_libraries_models_and_unit_into_a_root_and_a_second_run_changes_nothing()
    {
        string root = Directory.CreateTempSubdirectory("edgemer-root-").FullName;
        try
        {
            // A root with the account files useradd --root edits, as an image being built has them.
            string etc = Directory.CreateDirectory(Path.Combine(root, "etc")).FullName;
            File.WriteAllText(Path.Combine(etc, "passwd"), "root:x:0:0:root:/root:/bin/sh\n");
            File.WriteAllText(Path.Combine(etc, "group"), "root:x:0:\nvideo:x:44:\naudio:x:29:\n");
            File.WriteAllText(Path.Combine(etc, "shadow"), "root:*:19000:0:99999:7:::\n");
            File.WriteAllText(Path.Combine(etc, "gshadow"), "root:*::\nvideo:*::\naudio:*::\n");
            string[] install =
            [
                Path.Combine(RepoPaths.Root, "build", "install.sh"), "--from", edgemer.Folder, "--profile", "raspberry-pi-5",
                "--root", root, "--device-id", "cabin-7", "--store", Path.Combine(RepoPaths.Cache, "models"),
            ];

            ExternalProgram.Run("/bin/bash", install, TimeSpan.FromMinutes(2)).EnsureSuccess("build/install.sh");
            string unit = File.ReadAllText(Path.Combine(etc, "systemd", "system", "edgemer.service"));
            string configuration = File.ReadAllText(Path.Combine(etc, "edgemer", "edgemer.json"));
            File.WriteAllText(Path.Combine(etc, "edgemer", "edgemer.json"), configuration.Replace("cabin-7", "cabin-8", StringComparison.Ordinal));
            ExternalProgram.Run("/bin/bash", install, TimeSpan.FromMinutes(2)).EnsureSuccess("build/install.sh, again");

            Assert.Single(File.ReadAllLines(Path.Combine(etc, "passwd")), line => line.StartsWith("edgemer:", StringComparison.Ordinal));
            Assert.Contains("video:x:44:edgemer", File.ReadAllLines(Path.Combine(etc, "group")));
            Assert.Contains("cabin-8", File.ReadAllText(Path.Combine(etc, "edgemer", "edgemer.json")), StringComparison.Ordinal);
            Assert.Equal(unit, File.ReadAllText(Path.Combine(etc, "systemd", "system", "edgemer.service")));
            Assert.Equal(
                SystemdUnit.For(DeviceProfileLoader.Load(Path.Combine(RepoPaths.Root, "devices", "raspberry-pi-5.json")), "/opt/edgemer/edgemer", "/etc/edgemer/edgemer.json"),
                unit);

            // The installed binary runs with the libraries and models installed beside it.
            string prefix = Path.Combine(root, "opt", "edgemer");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                File.GetUnixFileMode(Path.Combine(prefix, "edgemer")));
            ExternalProgramResult doctor = ExternalProgram.Run(
                Path.Combine(prefix, "edgemer"),
                ["doctor", "--json", "--load-models", "--profile", "raspberry-pi-5", "--devices", Path.Combine(prefix, "devices"), "--catalog", Path.Combine(prefix, "models"), "--store", Path.Combine(prefix, "store")],
                TimeSpan.FromMinutes(2));
            using JsonDocument report = JsonDocument.Parse(doctor.StandardOutput);
            Assert.Contains(Path.Combine(prefix, "libonnxruntime.so"), report.RootElement.GetProperty("onnxRuntime").GetProperty("library").GetString(), StringComparison.Ordinal);
            Assert.All(report.RootElement.GetProperty("models").EnumerateArray(), model => Assert.True(model.GetProperty("loaded").GetBoolean(), model.ToString()));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
