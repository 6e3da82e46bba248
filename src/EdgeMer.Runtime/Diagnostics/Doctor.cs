using EdgeMer.Platform;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Runtime.InteropServices;
using EdgeMer.Devices;
using EdgeMer.Gpio;
using EdgeMer.Inference;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Models.Catalog;
using EdgeMer.Runtime.Updates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Diagnostics;

/// <summary>
/// Examines the machine for <c>edgemer doctor</c>. Every section is read on its own and reports its
/// own failure, so one missing library never hides what the rest of the report would say.
/// </summary>
public static class Doctor
{
    /// <summary>Examines this machine as <paramref name="request"/> asks.</summary>
    public static DoctorReport Examine(DoctorRequest request)
    {
        (IReadOnlyList<string> models, ModelCatalogReport catalog) = ExamineCatalog(request.CatalogFolder);
        MachineInfo machine = MachineInfo.Read();
        OnnxRuntimeReport ort = ExamineOnnxRuntime();
        (DeviceProfile? profile, DeviceProfileReport profileReport) = ExamineProfile(request.DevicesFolder, request.Profile);
        profileReport = profileReport with { RuntimeNote = CompareRuntime(profile, ort), Glibc = profile?.Glibc, GlibcNote = CompareGlibc(profile) };
        ProviderPlanReport? plan = PlanProviders(profile, ort);
        var modelReports = new List<ModelProviderReport>(models.Count);
        if (plan is not null)
        {
            foreach (string model in models)
            {
                modelReports.Add(request.LoadModels
                    ? LoadModel(model, profile!, request.StoreFolder)
                    : new ModelProviderReport(model, plan.Selected, Loaded: false, Problem: null, profile!.Inference.VariantOf(model)));
            }
        }

        return new DoctorReport(
            ExamineEdgeMer(),
            machine,
            ort,
            profileReport,
            plan,
            catalog,
            modelReports,
            ExamineZeroMq(),
            [ToolProbe.Find("ffmpeg", "-version"), ToolProbe.Find("gst-launch-1.0", "--version")],
            ExamineHardware(),
            ExamineGpio("/dev", profile),
            request.FleetDirectory is { } fleet ? ExamineUpdates(fleet) : null);
    }

    internal static UpdateReport ExamineUpdates(string directory)
    {
        var layout = new ModelSetLayout(Options.Create(new FleetOptions { Directory = directory }));
        try
        {
            UpdateState state = layout.ReadState();
            return new UpdateReport(layout.Root!, layout.ReadAccepted(), JsonNamingPolicy.CamelCase.ConvertName(state.Step.ToString()), ModelSetLayout.LinkedSet(layout.CurrentLink), state.Reason, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new UpdateReport(layout.Root!, 0, "none", null, null, e.Message);
        }
    }

    internal static EdgeMerInfo ExamineEdgeMer()
    {
        return new EdgeMerInfo(
            EdgeMerVersion.Current,
            RuntimeInformation.FrameworkDescription,
            NativeAot: !RuntimeFeature.IsDynamicCodeSupported,
            Environment.ProcessPath ?? "unknown",
            CLibrary.Floor.ToString());
    }

    internal static OnnxRuntimeReport ExamineOnnxRuntime()
    {
        try
        {
            OnnxRuntimeInfo info = OnnxRuntimeInfo.Current;
            InferenceEnvironment environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), NullLoggerFactory.Instance);
            IReadOnlyList<ExecutionProviderSupport> support = ExecutionProviderSupport.Examine(environment);
            var providers = new ProviderSupportReport[support.Count];
            for (int i = 0; i < providers.Length; i++)
            {
                ExecutionProviderSupport one = support[i];
                providers[i] = new ProviderSupportReport(one.Name, one.CompiledIn, one.Libraries.ToString(), one.LibraryFiles, one.Usable, one.Reason);
            }

            return new OnnxRuntimeReport(true, info.Version, info.ApiVersion, OnnxRuntimeInfo.MinimumApiVersion, info.LibraryPath, info.AvailableProviders, providers, null);
        }
        catch (Exception e) when (e is OnnxRuntimeLibraryNotFoundException or OnnxRuntimeException or InvalidOperationException)
        {
            return new OnnxRuntimeReport(false, null, null, OnnxRuntimeInfo.MinimumApiVersion, null, [], [], e.Message);
        }
    }

    internal static ZeroMqReport ExamineZeroMq()
    {
        ZmqLibraryInfo zmq = ZmqLibrary.Probe();
        return new ZeroMqReport(zmq.IsAvailable, zmq.Version?.ToString(), zmq.HasCurve, zmq.Problem);
    }

    internal static (DeviceProfile? Profile, DeviceProfileReport Report) ExamineProfile(string devicesFolder, string? argument)
    {
        try
        {
            DeviceProfileLocation location = DeviceProfileLocation.Resolve(devicesFolder, argument, "--profile");
            DeviceProfile profile = DeviceProfileLoader.Load(location.Path);
            return (profile, new DeviceProfileReport(
                profile.Id, profile.Name, $"{location.Source} ({location.Path})", profile.Inference.Providers, profile.Inference.OnnxRuntime, null, null));
        }
        catch (DeviceProfileException e)
        {
            return (null, new DeviceProfileReport(null, null, argument is null ? "detected" : "--profile", [], null, null, e.Message));
        }
    }

    // A profile whose providers need another ONNX Runtime than the one loaded still runs (they fall
    // back to CPU), but the report must say so rather than let the profile's list read as a promise.
    internal static string? CompareRuntime(DeviceProfile? profile, OnnxRuntimeReport ort)
    {
        if (profile is null || !ort.Loaded || profile.Inference.OnnxRuntime == DeviceOnnxRuntimes.Bundled)
        {
            return null;
        }

        var missing = new List<string>();
        foreach (string provider in profile.Inference.Providers)
        {
            string name = ExecutionProviderNames.Of(DeviceProviders.KindOf(provider));
            if (provider != "CPU" && !ort.ProviderSupport.Any(p => p.Provider == name && p.Usable))
            {
                missing.Add(provider);
            }
        }

        if (missing.Count == 0)
        {
            return null;
        }

        string wanted = profile.Inference.OnnxRuntime == DeviceOnnxRuntimes.Device
            ? "the device's own ONNX Runtime (set EDGEMER_ORT_LIB to its library)"
            : "the GPU build (./build.sh publish --gpu) on a machine with CUDA 13, cuDNN 9 and, for TensorRT, TensorRT 10";
        return $"this profile's {string.Join(", ", missing)} need {wanted}; on the ONNX Runtime loaded ({ort.Library}) they are not usable, so its models fall back to CPU";
    }

    // A board whose C library is older than the binary's floor cannot start it at all (the loader
    // refuses the missing GLIBC_x.y versions), so the profile's own glibc is what doctor can compare,
    // on the build machine or any other, before the binary is copied there.
    internal static string? CompareGlibc(DeviceProfile? profile)
    {
        if (profile?.Glibc is not { } stated || !Version.TryParse(stated, out Version? board) || board >= CLibrary.Floor)
        {
            return null;
        }

        return $"this profile's board runs glibc {stated}, older than the {CLibrary.Floor} this edgemer needs, so it would not start there: "
            + $"publish it against a glibc {stated} sysroot (docs/native-aot.md, \"The C library a device needs\")";
    }

    // Opening a session is the only way to learn what a model really runs on: a provider can refuse
    // a model's operators (TensorRT) even though it loads.
    internal static ModelProviderReport LoadModel(string model, DeviceProfile profile, string storeFolder)
    {
        var store = new ModelStore(storeFolder);
        string variant = profile.Inference.VariantOf(model);
        if (store.Find(model, variant) is not { } built)
        {
            string build = variant switch
            {
                ModelStore.Fp32 => "run 'edgemer models fetch'",
                "pruned" => $"run 'edgemer models prune --recipe quantization/{model}.prune.json'",
                _ => $"run 'edgemer models quantize --recipe quantization/{model}.json'",
            };
            return new ModelProviderReport(model, "none", Loaded: false, Problem: $"{variant} not built in {storeFolder}; {build}", variant);
        }

        try
        {
            InferenceEnvironment environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), NullLoggerFactory.Instance);
            using InferenceSession session = InferenceSession.Load(
                environment, Path.Combine(store.Folder, built.File), DeviceInferenceSettings.SessionOptions(profile, environment.HasGlobalThreadPools));
            return new ModelProviderReport(model, ExecutionProviderNames.Of(session.ExecutionProvider), Loaded: true, Problem: null, variant);
        }
        catch (Exception e) when (e is OnnxRuntimeException or IOException or ArgumentException)
        {
            return new ModelProviderReport(model, "none", Loaded: false, Problem: e.Message, variant);
        }
    }

    internal static (IReadOnlyList<string> Models, ModelCatalogReport Report) ExamineCatalog(string folder)
    {
        try
        {
            ModelCatalog catalog = ModelCatalog.Load(folder);
            var ids = new List<string>(catalog.Models.Count);
            foreach (ModelDescription model in catalog.Models)
            {
                ids.Add(model.Id);
            }

            return (ids, new ModelCatalogReport(folder, null));
        }
        catch (Exception e) when (e is ModelManifestException or IOException or UnauthorizedAccessException)
        {
            return ([], new ModelCatalogReport(folder, e.Message));
        }
    }

    internal static ProviderPlanReport? PlanProviders(DeviceProfile? profile, OnnxRuntimeReport ort)
    {
        if (profile is null || !ort.Loaded)
        {
            return null;
        }

        // Probing (not just reading the offered list) tells a provider whose CUDA/TensorRT libraries are
        // missing from one that would really run. Its reasons are in the report, so the log is not needed.
        InferenceEnvironment environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), NullLoggerFactory.Instance);
        ExecutionProviderPlan plan = ExecutionProviderPlan.Probe(environment, DeviceProviders.Preferences(profile));
        var decisions = new ProviderDecisionReport[plan.Decisions.Count];
        for (int i = 0; i < decisions.Length; i++)
        {
            ExecutionProviderDecision decision = plan.Decisions[i];
            decisions[i] = new ProviderDecisionReport(ExecutionProviderNames.Of(decision.Provider), decision.Status.ToString(), decision.Reason);
        }

        return new ProviderPlanReport(ExecutionProviderNames.Of(plan.Selected), decisions);
    }

    /// <summary>The GPIO chips in <paramref name="devDirectory"/>, libgpiod, and what the profile's <c>gpio</c> section would meet here.</summary>
    internal static GpioReport ExamineGpio(string devDirectory, DeviceProfile? profile)
    {
        IReadOnlyList<GpioChipReport> chips = GpioChips.Probe(devDirectory);
        bool libgpiod = GpioChips.IsLibgpiodLoadable(out string? libgpiodProblem);
        if (profile?.Gpio is not { } gpio)
        {
            return new GpioReport(chips, libgpiod, libgpiodProblem, null, null);
        }

        var parts = new List<string>(3);
        if (gpio.PrivacySwitch is { } input)
        {
            parts.Add($"privacy {input.KindOrDefault} line {input.Line} (on reads {input.ActiveLevelOrDefault})");
        }

        if (gpio.AlertLed is { } led)
        {
            parts.Add($"alert LED line {led.Line}");
        }

        if (gpio.Buzzer is { } buzzer)
        {
            parts.Add($"buzzer line {buzzer.Line}");
        }

        string wiring = $"chip {gpio.Chip}: {string.Join(", ", parts)}";
        string? missing = null;
        GpioChipReport? chip = chips.FirstOrDefault(c => c.Number == gpio.Chip);
        if (chip is null)
        {
            missing = $"this machine has no GPIO chip {gpio.Chip}";
        }
        else if (!chip.CanOpen)
        {
            missing = $"GPIO chip {gpio.Chip} cannot be opened ({chip.Problem})";
        }
        else if (!libgpiod)
        {
            missing = libgpiodProblem;
        }

        string? note = missing is null
            ? null
            : gpio.PrivacySwitch is not null
                ? $"{missing}: edgemer run with this profile starts paused (a privacy switch that cannot be read may be on), and its alert outputs are off"
                : $"{missing}: edgemer run with this profile runs without its alert outputs";
        return new GpioReport(chips, libgpiod, libgpiodProblem, wiring, note);
    }

    internal static HardwareReport ExamineHardware() => new(
        Glob("/dev", "video*"),
        Glob("/dev", "gpiochip*"),
        SoundCards(File.Exists("/proc/asound/cards") ? File.ReadAllText("/proc/asound/cards") : string.Empty));

    internal static IReadOnlyList<string> SoundCards(string asoundCards)
    {
        var cards = new List<string>();
        foreach (string line in asoundCards.Split('\n'))
        {
            // "  0 [PCH            ]: HDA-Intel - HDA Intel PCH": the card lines start with their index.
            string trimmed = line.TrimStart();
            int bracket = trimmed.IndexOf('[', StringComparison.Ordinal);
            if (trimmed.Length > 0 && char.IsAsciiDigit(trimmed[0]) && bracket > 0)
            {
                int colon = trimmed.IndexOf("]:", bracket, StringComparison.Ordinal);
                cards.Add(colon > 0 ? trimmed[(colon + 2)..].Trim() : trimmed);
            }
        }

        return cards;
    }

    private static string[] Glob(string folder, string pattern)
    {
        try
        {
            string[] found = Directory.Exists(folder) ? Directory.GetFiles(folder, pattern) : [];
            Array.Sort(found, StringComparer.Ordinal);
            return found;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
