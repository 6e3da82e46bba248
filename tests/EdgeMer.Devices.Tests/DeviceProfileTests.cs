using EdgeMer.Devices;
using EdgeMer.Testing;

namespace EdgeMer.Devices.Tests;

public sealed class DeviceProfileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-profiles-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_committed_device_profile_loads_and_is_valid()
    {
        IReadOnlyList<DeviceProfile> profiles = DeviceProfileLoader.LoadAll(Path.Combine(RepoPaths.Root, "devices"));

        Assert.Equal(
            ["jetson-nano", "jetson-orin-nano", "raspberry-pi-4", "raspberry-pi-5", "x64-dev"],
            profiles.Select(p => p.Id));
        Assert.All(profiles, p => Assert.Equal("CPU", p.Inference.Providers[^1]));
    }

    [Fact]
    public void Jetson_profiles_prefer_TensorRT_then_CUDA()
    {
        DeviceProfile orin = DeviceProfileLoader.Load(Path.Combine(RepoPaths.Root, "devices", "jetson-orin-nano.json"));

        Assert.Equal(["TensorRT", "CUDA", "CPU"], orin.Inference.Providers);
        Assert.True(orin.Inference.TensorRt!.EnableFp16);
        Assert.Equal("/var/lib/edgemer/trt-engines", orin.Inference.TensorRt.EngineCachePath);
    }

    [Fact]
    public void The_board_profiles_name_the_camera_and_microphone_their_os_gives_and_the_development_profile_none()
    {
        foreach (string id in (string[])["jetson-nano", "jetson-orin-nano", "raspberry-pi-4", "raspberry-pi-5"])
        {
            DeviceSources sources = DeviceProfileLoader.Load(Path.Combine(RepoPaths.Root, "devices", id + ".json")).Sources!;
            Assert.Equal(("/dev/video0", "alsa:default"), (sources.Video, sources.Audio));
        }

        Assert.Null(DeviceProfileLoader.Load(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json")).Sources);
    }

    [Fact]
    public void The_boards_with_a_40_pin_header_wire_the_privacy_switch_led_and_buzzer_to_pins_11_13_and_15()
    {
        // Header pins 11, 13 and 15 are BCM 17, 27 and 22 on a Raspberry Pi, and lines 112, 122 and 85
        // of the tegra234 chip on a Jetson Orin Nano (devices/README.md, "GPIO").
        (string Id, int Chip, int Switch, int Led, int Buzzer)[] boards =
            [("raspberry-pi-5", 4, 17, 27, 22), ("raspberry-pi-4", 0, 17, 27, 22), ("jetson-orin-nano", 0, 112, 122, 85)];
        foreach ((string id, int chip, int privacy, int led, int buzzer) in boards)
        {
            DeviceGpio gpio = DeviceProfileLoader.Load(Path.Combine(RepoPaths.Root, "devices", id + ".json")).Gpio!;
            Assert.Equal((chip, privacy, led, buzzer), (gpio.Chip, gpio.PrivacySwitch!.Line, gpio.AlertLed!.Line, gpio.Buzzer!.Line));
            Assert.Equal(("switch", "low", "pullUp", 50), (gpio.PrivacySwitch.KindOrDefault, gpio.PrivacySwitch.ActiveLevelOrDefault, gpio.PrivacySwitch.BiasOrDefault, gpio.PrivacySwitch.DebounceMsOrDefault));
        }

        Assert.Null(DeviceProfileLoader.Load(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json")).Gpio);
        Assert.Null(DeviceProfileLoader.Load(Path.Combine(RepoPaths.Root, "devices", "jetson-nano.json")).Gpio);
    }

    [Fact]
    public void The_arm64_profiles_state_the_glibc_of_the_os_their_board_runs()
    {
        Assert.Equal(
            ["2.27", "2.35", "2.36", "2.36"],
            ((string[])["jetson-nano", "jetson-orin-nano", "raspberry-pi-4", "raspberry-pi-5"])
                .Select(id => DeviceProfileLoader.Load(Path.Combine(RepoPaths.Root, "devices", $"{id}.json")).Glibc));
    }

    [Theory]
    [InlineData("\"providers\": [\"CPU\"]", "\"providers\": [\"OpenCL\", \"CPU\"]", "$.inference.providers[0]", "'OpenCL'; allowed: TensorRT, CUDA, DirectML, XNNPACK, CPU")]
    [InlineData("\"providers\": [\"CPU\"]", "\"providers\": []", "$.inference.providers", "at least one provider")]
    [InlineData("\"maxCores\": 2", "\"maxCores\": 9", "$.budget.maxCores", "is 9; allowed: 1..2")]
    [InlineData("\"captureToSummaryMs\": 100", "\"captureToSummaryMs\": 0", "$.budget.captureToSummaryMs", "is 0; allowed: 10..10000")]
    [InlineData("\"purpose\": \"research\"", "\"purpose\": \"surveillance\"", "$.purpose", "'surveillance'; allowed:")]
    [InlineData("\"arch\": \"x64\"", "\"arch\": \"riscv\"", "$.arch", "'riscv'; allowed: arm64, x64")]
    [InlineData("\"intraOpThreads\": 1", "\"intraOpThreads\": 3", "$.inference.intraOpThreads", "is 3; allowed: 1..2")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"colour\": \"red\",", "$.colour", "")]
    [InlineData("\"cores\": 2,", "\"cores\": \"two\",", "$.cores", "")]
    [InlineData("\"cores\": 2,", "", "$.cores", "is required")]
    [InlineData("\"providers\": [\"CPU\"]", "\"providers\": [\"CPU\", \"CPU\"]", "$.inference.providers[1]", "'CPU' is listed twice")]
    [InlineData("\"providers\": [\"CPU\"],", "\"providers\": [\"CPU\"], \"modelVariants\": { \"emotion\": \"int4\" },", "$.inference.modelVariants.emotion", "is 'int4'; allowed: fp32, int8, pruned")]
    [InlineData("\"movenet-lightning\": \"int8\"", "\"movenet-lightning\": \"fp16\"", "$.inference.lighterVariants.movenet-lightning", "is 'fp16'; allowed: fp32, int8, pruned")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"glibc\": \"2.36.1\",", "$.glibc", "is '2.36.1'; allowed: a glibc version such as 2.36")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"sources\": { \"audio\": \"hw:0\" },", "$.sources.audio", "is 'hw:0'; allowed: alsa:DEVICE or pulse:DEVICE")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"sources\": { \"video\": \"clip.mp4\" },", "$.sources.video", "allowed: a camera device such as /dev/video0")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"sources\": { \"skeletons\": \"udp://robot:9\" },", "$.sources.skeletons", "allowed: a ZeroMQ endpoint")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"sources\": { \"camera\": \"/dev/video0\" },", "$.sources.camera", "")]
    [InlineData("\"providers\": [\"CPU\"],", "\"providers\": [\"CPU\"], \"bodyPoseModel\": \"posenet\",", "$.inference.bodyPoseModel", "is 'posenet'; allowed: movenet-lightning, movenet-multipose, blazepose-lite")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"gpio\": { \"chip\": 0 },", "$.gpio", "names no line")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"gpio\": { \"chip\": -1, \"alertLed\": { \"line\": 27 } },", "$.gpio.chip", "is -1; allowed: 0..255")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"gpio\": { \"alertLed\": { \"line\": 27 } },", "$.gpio.chip", "is required")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"gpio\": { \"chip\": 0, \"privacySwitch\": { \"line\": 17 }, \"buzzer\": { \"line\": 17 } },", "$.gpio.buzzer.line", "is 17, already used by $.gpio.privacySwitch.line")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"gpio\": { \"chip\": 0, \"privacySwitch\": { \"line\": 17, \"kind\": \"slider\" } },", "$.gpio.privacySwitch.kind", "is 'slider'; allowed: switch, button")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"gpio\": { \"chip\": 0, \"privacySwitch\": { \"line\": 17, \"bias\": \"up\" } },", "$.gpio.privacySwitch.bias", "is 'up'; allowed: pullUp, pullDown, none")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"gpio\": { \"chip\": 0, \"privacySwitch\": { \"line\": 17, \"debounceMs\": 0 } },", "$.gpio.privacySwitch.debounceMs", "is 0; allowed: 1..1000")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"gpio\": { \"chip\": 0, \"alertLed\": { \"line\": 27, \"activeLevel\": \"on\" } },", "$.gpio.alertLed.activeLevel", "is 'on'; allowed: high, low")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"gpio\": { \"chip\": 0, \"alertLed\": { \"line\": 2000 } },", "$.gpio.alertLed.line", "is 2000; allowed: 0..1023")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"gpio\": { \"chip\": 0, \"alertLed\": { \"line\": 27, \"holdSeconds\": 0 } },", "$.gpio.alertLed.holdSeconds", "is 0; allowed: 1..3600")]
    [InlineData("\"cores\": 2,", "\"cores\": 2, \"gpio\": { \"chip\": 0, \"buzzer\": { \"pin\": 22 } },", "$.gpio.buzzer.pin", "")]
    public void A_bad_profile_is_rejected_with_the_file_and_field_named(string find, string replace, string field, string problem)
    {
        string good = File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json"));
        Assert.Contains(find, good, StringComparison.Ordinal);
        string path = Path.Combine(_dir, "x64-dev.json");
        File.WriteAllText(path, good.Replace(find, replace, StringComparison.Ordinal));

        DeviceProfileException e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Load(path));

        Assert.Equal(path, e.ProfilePath);
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"device profile {path}: {field}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_chooses_a_models_variant_and_the_others_run_fp32()
    {
        string good = File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json"));
        string path = Path.Combine(_dir, "x64-dev.json");
        File.WriteAllText(path, good.Replace("\"providers\": [\"CPU\"],", "\"providers\": [\"CPU\"], \"modelVariants\": { \"emotion\": \"int8\" },", StringComparison.Ordinal));

        DeviceProfile profile = DeviceProfileLoader.Load(path);

        Assert.Equal("int8", profile.Inference.VariantOf("emotion"));
        Assert.Equal("fp32", profile.Inference.VariantOf("facemesh"));
    }

    [Fact]
    public void A_profile_chooses_the_body_pose_model_and_one_that_names_none_runs_MoveNet_Lightning()
    {
        string devices = Path.Combine(RepoPaths.Root, "devices");

        Assert.Equal("movenet-lightning", DeviceProfileLoader.Load(Path.Combine(devices, "x64-dev.json")).Inference.BodyPoseModelId);
        Assert.Equal("movenet-multipose", DeviceProfileLoader.Load(Path.Combine(devices, "raspberry-pi-4.json")).Inference.BodyPoseModelId);
        Assert.Equal("blazepose-lite", DeviceProfileLoader.Load(Path.Combine(devices, "jetson-nano.json")).Inference.BodyPoseModelId);
    }

    [Fact]
    public void A_profile_whose_id_differs_from_its_file_name_is_rejected()
    {
        string path = Path.Combine(_dir, "my-board.json");
        File.Copy(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json"), path);

        DeviceProfileException e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Load(path));

        Assert.Equal("$.id", e.Field);
        Assert.Contains("file is named my-board.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_that_is_not_json_is_rejected_naming_the_file()
    {
        string path = Path.Combine(_dir, "x64-dev.json");
        File.WriteAllText(path, "providers: [CPU]");

        DeviceProfileException e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Load(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_profile_is_reported_as_unreadable()
    {
        string path = Path.Combine(_dir, "nowhere.json");

        DeviceProfileException e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Load(path));

        Assert.Equal("(file)", e.Field);
        Assert.Contains("cannot be read", e.Message, StringComparison.Ordinal);
    }
}
