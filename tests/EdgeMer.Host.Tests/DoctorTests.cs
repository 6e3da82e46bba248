using EdgeMer.Devices;
using EdgeMer.Gpio;
using EdgeMer.Host.Commands;
using EdgeMer.Runtime.Diagnostics;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

public sealed class DoctorTests
{
    private static readonly string s_devices = Path.Combine(RepoPaths.Root, "devices");
    private static readonly string s_catalog = Path.Combine(RepoPaths.Root, "models");

    private static DoctorRequest Request(string profile) =>
        new(s_devices, profile, s_catalog, Path.Combine(RepoPaths.Cache, "models"), LoadModels: false);

    [Fact]
    public void Doctor_reports_onnxruntime_and_its_providers()
    {
        DoctorReport report = Doctor.Examine(Request("x64-dev"));

        Assert.True(report.Healthy);
        Assert.Equal("1.31.1", report.OnnxRuntime.Version);
        Assert.Contains("CPUExecutionProvider", report.OnnxRuntime.Providers);
        Assert.Null(report.ModelCatalog.Problem);
        Assert.Contains(new ModelProviderReport("emotion", "CPUExecutionProvider", Loaded: false, Problem: null), report.Models);
        Assert.Equal(8, report.Models.Count);
        Assert.Equal(new ZeroMqReport(true, "4.3.4", true, null), report.ZeroMq);
    }

    [Fact]
    public void A_jetson_profile_on_a_machine_without_cuda_libraries_falls_back_to_cpu_and_says_why()
    {
        DoctorReport report = Doctor.Examine(Request("jetson-orin-nano"));

        ProviderPlanReport plan = report.ExecutionProviders!;
        Assert.Equal("CPUExecutionProvider", plan.Selected);
        Assert.Equal(["TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"], plan.Decisions.Select(d => d.Provider));
        ProviderDecisionReport tensorRt = plan.Decisions[0];
        Assert.NotEqual("Selected", tensorRt.Status);
        Assert.False(string.IsNullOrWhiteSpace(tensorRt.Reason));
    }

    [Fact]
    public void A_profile_xnnpack_this_build_lacks_is_reported_unavailable()
    {
        // No committed profile lists XNNPACK any more (no runtime EdgeMer ships has it); one that
        // expects a device runtime with it still gets the reason on the bundled build.
        string devices = Directory.CreateTempSubdirectory("edgemer-devices-").FullName;
        try
        {
            string pi = File.ReadAllText(Path.Combine(s_devices, "raspberry-pi-5.json"))
                .Replace("\"providers\": [\"CPU\"]", "\"providers\": [\"XNNPACK\", \"CPU\"]", StringComparison.Ordinal)
                .Replace("\"onnxRuntime\": \"bundled\"", "\"onnxRuntime\": \"device\"", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(devices, "raspberry-pi-5.json"), pi);

            DoctorReport report = Doctor.Examine(Request("raspberry-pi-5") with { DevicesFolder = devices });

            ProviderDecisionReport xnnpack = report.ExecutionProviders!.Decisions[0];
            Assert.Equal("XnnpackExecutionProvider", xnnpack.Provider);
            Assert.Equal("Unavailable", xnnpack.Status);
            Assert.Contains("not offered by this ONNX Runtime build", xnnpack.Reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(devices, recursive: true);
        }
    }

    [Fact]
    public void A_missing_profile_makes_the_report_unhealthy_and_names_the_file()
    {
        DoctorReport report = Doctor.Examine(Request("no-such-board"));

        Assert.False(report.Healthy);
        Assert.Null(report.ExecutionProviders);
        Assert.Contains(Path.Combine(s_devices, "no-such-board.json"), report.DeviceProfile.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_report_shows_every_section()
    {
        DoctorReport report = Doctor.Examine(Request("jetson-nano"));
        using var text = new StringWriter();

        DoctorCommand.Write(report, text);

        string output = text.ToString();
        foreach (string heading in new[] { "Machine", "ONNX Runtime", "Device profile", "Execution provider: CPUExecutionProvider", "ZeroMQ", "Capture tools", "Hardware" })
        {
            Assert.Contains(heading, output, StringComparison.Ordinal);
        }

        Assert.Contains("ffmpeg", output, StringComparison.Ordinal);
        Assert.Contains("jetson-nano", output, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_machine_without_gpio_chips_doctor_says_so_and_what_a_wired_profile_would_do_there()
    {
        string dev = Directory.CreateTempSubdirectory("edgemer-dev-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dev, "video0"), string.Empty);
            DoctorReport report = Doctor.Examine(Request("raspberry-pi-5")) with
            {
                Gpio = Doctor.ExamineGpio(dev, DeviceProfileLoader.Load(Path.Combine(s_devices, "raspberry-pi-5.json"))),
            };
            using var text = new StringWriter();

            DoctorCommand.Write(report, text);

            Assert.Empty(report.Gpio.Chips);
            Assert.Equal("chip 4: privacy switch line 17 (on reads low), alert LED line 27, buzzer line 22", report.Gpio.ProfileWiring);
            Assert.StartsWith("this machine has no GPIO chip 4: edgemer run with this profile starts paused", report.Gpio.ProfileNote, StringComparison.Ordinal);
            string output = text.ToString();
            Assert.Contains("chips         none: this machine has no GPIO chip", output, StringComparison.Ordinal);
            Assert.Contains("NOTE          this machine has no GPIO chip 4", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dev, recursive: true);
        }
    }

    [Fact]
    public void A_gpio_chip_doctor_can_open_is_listed_and_a_profile_without_gpio_wires_nothing()
    {
        string dev = Directory.CreateTempSubdirectory("edgemer-dev-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dev, "gpiochip0"), string.Empty);
            DoctorReport report = Doctor.Examine(Request("x64-dev")) with { Gpio = Doctor.ExamineGpio(dev, DeviceProfileLoader.Load(Path.Combine(s_devices, "x64-dev.json"))) };
            using var text = new StringWriter();

            DoctorCommand.Write(report, text);

            GpioChipReport chip = Assert.Single(report.Gpio.Chips);
            Assert.Equal((0, true), (chip.Number, chip.CanOpen));
            Assert.Null(report.Gpio.ProfileWiring);
            Assert.Contains("gpiochip0     opens", text.ToString(), StringComparison.Ordinal);
            Assert.Contains("profile       wires no GPIO lines", text.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dev, recursive: true);
        }
    }

    [Fact]
    public void A_broken_catalog_is_reported_without_hiding_the_rest()
    {
        string folder = Directory.CreateTempSubdirectory("edgemer-catalog-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "emotion.json"), "{ not json");

            DoctorReport report = Doctor.Examine(Request("x64-dev") with { CatalogFolder = folder });

            Assert.Contains("emotion.json", report.ModelCatalog.Problem, StringComparison.Ordinal);
            Assert.Empty(report.Models);
            Assert.False(report.Healthy);
            Assert.True(report.OnnxRuntime.Loaded);
            Assert.Equal("CPUExecutionProvider", report.ExecutionProviders!.Selected);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Loading_the_models_reports_the_provider_each_session_really_got()
    {
        DoctorReport report = Doctor.Examine(Request("jetson-orin-nano") with { LoadModels = true });

        Assert.Equal(8, report.Models.Count);
        Assert.All(report.Models, model =>
        {
            Assert.Null(model.Problem);
            Assert.True(model.Loaded);
            Assert.Equal("CPUExecutionProvider", model.Provider);
        });
    }

    [Fact]
    public void Loading_a_model_that_is_not_built_says_so_instead_of_failing()
    {
        string empty = Directory.CreateTempSubdirectory("edgemer-store-").FullName;
        try
        {
            DoctorReport report = Doctor.Examine(Request("x64-dev") with { StoreFolder = empty, LoadModels = true });

            Assert.All(report.Models, model =>
            {
                Assert.False(model.Loaded);
                Assert.Contains("not built", model.Problem, StringComparison.Ordinal);
            });
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void Sound_cards_are_read_from_the_alsa_card_list()
    {
        const string cards = " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n                      HDA Intel PCH at 0xf7f10000 irq 32\n 1 [Device         ]: USB-Audio - USB PnP Sound Device\n";

        Assert.Equal(["HDA-Intel - HDA Intel PCH", "USB-Audio - USB PnP Sound Device"], Doctor.SoundCards(cards));
    }
}
