using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeMer.Host.Devices;
using EdgeMer.Inference;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Models.Catalog;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Host.Diagnostics;

/// <summary>
/// Examines the machine for <c>edgemer doctor</c>. Every section is read on its own and reports its
/// own failure, so one missing library never hides what the rest of the report would say.
/// </summary>
public static class Doctor
{
    /// <summary>
    /// Examines this machine with the profile at <paramref name="profileArgument"/> (an id or a path; null
    /// to detect it) and the models catalogued in <paramref name="catalogFolder"/>.
    /// </summary>
    public static DoctorReport Examine(string devicesFolder, string? profileArgument, string catalogFolder)
    {
        (IReadOnlyList<string> models, ModelCatalogReport catalog) = ExamineCatalog(catalogFolder);
        MachineInfo machine = MachineInfo.Read();
        OnnxRuntimeReport ort = ExamineOnnxRuntime();
        (DeviceProfile? profile, DeviceProfileReport profileReport) = ExamineProfile(devicesFolder, profileArgument, machine.Architecture);
        ProviderPlanReport? plan = PlanProviders(profile, ort);
        var modelReports = new List<ModelProviderReport>(models.Count);
        if (plan is not null)
        {
            foreach (string model in models)
            {
                modelReports.Add(new ModelProviderReport(model, plan.Selected));
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
            ExamineHardware());
    }

    internal static EdgeMerInfo ExamineEdgeMer()
    {
        string version = typeof(Doctor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return new EdgeMerInfo(
            plus > 0 ? version[..plus] : version,
            RuntimeInformation.FrameworkDescription,
            NativeAot: !RuntimeFeature.IsDynamicCodeSupported,
            Environment.ProcessPath ?? "unknown");
    }

    internal static OnnxRuntimeReport ExamineOnnxRuntime()
    {
        try
        {
            OnnxRuntimeInfo info = OnnxRuntimeInfo.Current;
            return new OnnxRuntimeReport(true, info.Version, info.ApiVersion, OnnxRuntimeInfo.MinimumApiVersion, info.LibraryPath, info.AvailableProviders, null);
        }
        catch (Exception e) when (e is OnnxRuntimeLibraryNotFoundException or OnnxRuntimeException)
        {
            return new OnnxRuntimeReport(false, null, null, OnnxRuntimeInfo.MinimumApiVersion, null, [], e.Message);
        }
    }

    internal static ZeroMqReport ExamineZeroMq()
    {
        ZmqLibraryInfo zmq = ZmqLibrary.Probe();
        return new ZeroMqReport(zmq.IsAvailable, zmq.Version?.ToString(), zmq.HasCurve, zmq.Problem);
    }

    internal static (DeviceProfile? Profile, DeviceProfileReport Report) ExamineProfile(string devicesFolder, string? argument, string architecture)
    {
        string source;
        string path;
        if (argument is null)
        {
            string? model = DeviceModel.ReadDeviceTreeModel();
            string? id = DeviceModel.ProfileIdFor(model, architecture);
            if (id is null)
            {
                return (null, new DeviceProfileReport(null, null, "detected", [],
                    $"no profile fits this board ('{model ?? architecture}'); pass --profile with one of the files in {devicesFolder}"));
            }

            source = model is null ? $"detected from the {architecture} CPU" : $"detected from the board model '{model}'";
            path = Path.Combine(devicesFolder, id + ".json");
        }
        else
        {
            bool isPath = argument.EndsWith(".json", StringComparison.Ordinal) || argument.Contains('/', StringComparison.Ordinal);
            path = isPath ? argument : Path.Combine(devicesFolder, argument + ".json");
            source = "--profile";
        }

        try
        {
            DeviceProfile profile = DeviceProfileLoader.Load(path);
            return (profile, new DeviceProfileReport(profile.Id, profile.Name, $"{source} ({path})", profile.Inference.Providers, null));
        }
        catch (DeviceProfileException e)
        {
            return (null, new DeviceProfileReport(null, null, source, [], e.Message));
        }
    }

    internal static (IReadOnlyList<string> Models, ModelCatalogReport Report) ExamineCatalog(string folder)
    {
        try
        {
            ModelCatalog catalog = ModelCatalog.Load(folder);
            var ids = new List<string>(catalog.Models.Count);
            foreach (ModelManifest model in catalog.Models)
            {
                ids.Add(model.Id!);
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
