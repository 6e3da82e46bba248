using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Gpio;
using EdgeMer.Runtime.Diagnostics;

namespace EdgeMer.Host.Commands;

/// <summary><c>edgemer doctor</c>: what this machine offers EdgeMer and what each model would run on.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var profile = new Option<string?>("--profile")
        {
            Description = "Device profile id (a file in devices/) or path; detected from the board when left out.",
        };
        var devices = new Option<string>("--devices")
        {
            Description = "Folder of device profiles.",
            DefaultValueFactory = _ => EdgeMerPaths.Devices,
        };
        var catalog = new Option<string?>("--catalog")
        {
            Description = "Folder of model manifests (default: models/ of the repository around the current folder, else beside the executable).",
        };
        var store = new Option<string?>("--store") { Description = "Folder of built models (default: $EDGEMER_CACHE/models)." };
        var loadModels = new Option<bool>("--load-models")
        {
            Description = "Open a session for each built model and report the provider it really gets (slow where TensorRT builds engines).",
        };

        var fleet = new Option<string?>("--fleet") { Description = "The model update folder (Fleet:Directory) to report on: accepted bundle version, last update's state, live set." };

        var command = new Command("doctor", "Show the ONNX Runtime, execution providers, ZeroMQ, capture tools and CPU features this machine offers.")
        {
            json,
            profile,
            devices,
            catalog,
            store,
            loadModels,
            fleet,
        };
        command.SetAction(parseResult =>
        {
            DoctorReport report = Doctor.Examine(new DoctorRequest(
                parseResult.GetRequiredValue(devices),
                parseResult.GetValue(profile),
                EdgeMerPaths.Catalog(parseResult.GetValue(catalog)),
                parseResult.GetValue(store) ?? EdgeMerPaths.ModelStore,
                parseResult.GetValue(loadModels),
                parseResult.GetValue(fleet)));
            TextWriter output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(report, DoctorJsonContext.Default.DoctorReport));
            }
            else
            {
                Write(report, output);
            }

            return report.Healthy ? 0 : 1;
        });
        return command;
    }

    internal static void Write(DoctorReport report, TextWriter output)
    {
        EdgeMerInfo edgemer = report.EdgeMer;
        output.WriteLine($"EdgeMer {edgemer.Version} on {edgemer.Framework}{(edgemer.NativeAot ? ", Native AOT" : string.Empty)}");

        MachineInfo machine = report.Machine;
        output.WriteLine();
        output.WriteLine("Machine");
        output.WriteLine($"  CPU           {machine.CpuModel} ({machine.Architecture})");
        string limit = machine.CgroupCpuLimit is { } cores ? string.Create(CultureInfo.InvariantCulture, $", limited to {cores} by cgroup") : string.Empty;
        output.WriteLine($"  cores         {machine.LogicalCores}{limit}");
        output.WriteLine($"  memory        {Gib(machine.MemoryTotalBytes)} total, {Gib(machine.MemoryAvailableBytes)} available");
        output.WriteLine($"  CPU features  {(machine.CpuFeatures.Count == 0 ? "none detected" : string.Join(' ', machine.CpuFeatures))}");
        output.WriteLine($"  glibc         {machine.Glibc ?? "not glibc"} (this edgemer needs {edgemer.GlibcFloor} or newer)");

        OnnxRuntimeReport ort = report.OnnxRuntime;
        output.WriteLine();
        output.WriteLine("ONNX Runtime");
        if (ort.Loaded)
        {
            output.WriteLine($"  version       {ort.Version} (C API {ort.ApiVersion} in use; EdgeMer needs {ort.MinimumApiVersion} or newer)");
            output.WriteLine($"  library       {ort.Library}");
            output.WriteLine($"  providers     {string.Join(", ", ort.Providers)}");
            output.WriteLine($"  {"provider",-27} {"compiled in",-12} {"libraries",-10} {"usable",-7} why");
            foreach (ProviderSupportReport provider in ort.ProviderSupport)
            {
                output.WriteLine($"  {provider.Provider,-27} {YesNo(provider.CompiledIn),-12} {provider.Libraries,-10} {YesNo(provider.Usable),-7} {provider.Reason}");
                if (provider.CompiledIn && provider.Libraries == "Missing")
                {
                    output.WriteLine($"  {string.Empty,-27} needs {string.Join(", ", provider.LibraryFiles)}");
                }
            }
        }
        else
        {
            output.WriteLine($"  NOT LOADED    {ort.Error}");
        }

        DeviceProfileReport profile = report.DeviceProfile;
        output.WriteLine();
        output.WriteLine("Device profile");
        if (profile.Problem is null)
        {
            output.WriteLine($"  {profile.Id,-13} {profile.Name}");
            output.WriteLine($"  chosen        {profile.Source}");
            output.WriteLine($"  prefers       {string.Join(" > ", profile.Providers)} (ONNX Runtime: {profile.OnnxRuntime})");
            if (profile.RuntimeNote is { } note)
            {
                output.WriteLine($"  NOTE          {note}");
            }

            if (profile.GlibcNote is { } glibcNote)
            {
                output.WriteLine($"  NOTE          {glibcNote}");
            }
        }
        else
        {
            output.WriteLine($"  PROBLEM       {profile.Problem}");
        }

        if (report.ExecutionProviders is { } plan)
        {
            output.WriteLine();
            output.WriteLine($"Execution provider: {plan.Selected}");
            foreach (ProviderDecisionReport decision in plan.Decisions)
            {
                output.WriteLine($"  {decision.Provider,-27} {decision.Status}: {decision.Reason}");
            }

            foreach (ModelProviderReport model in report.Models)
            {
                output.WriteLine(model.Problem is not null
                    ? $"  model {model.Model + " (" + model.Variant + ")",-28} PROBLEM {model.Problem}"
                    : $"  model {model.Model + " (" + model.Variant + ")",-28} runs on {model.Provider}{(model.Loaded ? " (session opened)" : string.Empty)}");
            }
        }

        if (report.ModelCatalog.Problem is { } catalogProblem)
        {
            output.WriteLine();
            output.WriteLine($"Model catalog {report.ModelCatalog.Folder}");
            output.WriteLine($"  PROBLEM       {catalogProblem}");
        }

        ZeroMqReport zmq = report.ZeroMq;
        output.WriteLine();
        output.WriteLine("ZeroMQ");
        output.WriteLine(zmq.Loaded
            ? $"  libzmq        {zmq.Version}, CURVE {(zmq.Curve ? "supported" : "NOT supported (summaries cannot be encrypted)")}"
            : $"  NOT LOADED    {zmq.Error}");

        output.WriteLine();
        output.WriteLine("Capture tools");
        foreach (ToolProbe tool in report.Tools)
        {
            output.WriteLine($"  {tool.Name,-15} {(tool.Present ? $"{tool.Version ?? "present"} ({tool.Path})" : "not installed")}");
        }

        HardwareReport hardware = report.Hardware;
        output.WriteLine();
        output.WriteLine("Hardware");
        output.WriteLine($"  cameras       {List(hardware.Cameras)}");
        output.WriteLine($"  sound cards   {List(hardware.SoundCards)}");
        output.WriteLine($"  GPIO chips    {List(hardware.GpioChips)}");

        GpioReport gpio = report.Gpio;
        output.WriteLine();
        output.WriteLine("GPIO");
        if (gpio.Chips.Count == 0)
        {
            output.WriteLine("  chips         none: this machine has no GPIO chip (no /dev/gpiochip*), so no privacy switch or alert output can be wired here");
        }

        foreach (GpioChipReport chip in gpio.Chips)
        {
            string described = chip.Label is not null ? $" ({chip.Label}, {chip.Lines} lines)" : string.Empty;
            output.WriteLine(chip.CanOpen
                ? $"  gpiochip{chip.Number,-5} opens{described}{(chip.Problem is not null ? "; " + chip.Problem : string.Empty)}"
                : $"  gpiochip{chip.Number,-5} CANNOT OPEN: {chip.Problem}");
        }

        output.WriteLine(gpio.LibgpiodLoaded ? $"  libgpiod      {GpioChips.LibgpiodLibrary} loads" : $"  libgpiod      not loaded: {gpio.LibgpiodProblem}");
        output.WriteLine($"  profile       {gpio.ProfileWiring ?? "wires no GPIO lines"}");
        if (gpio.ProfileNote is { } gpioNote)
        {
            output.WriteLine($"  NOTE          {gpioNote}");
        }

        if (report.Updates is { } updates)
        {
            output.WriteLine();
            output.WriteLine($"Model updates {updates.Directory}");
            if (updates.Problem is { } problem)
            {
                output.WriteLine($"  PROBLEM       {problem}");
                return;
            }

            output.WriteLine($"  bundle        version {updates.BundleVersion}{(updates.BundleVersion == 0 ? " (none accepted yet)" : string.Empty)}");
            output.WriteLine($"  live set      {(updates.LiveSet is { } set ? "sets/" + set : "the configured model store")}");
            output.WriteLine($"  last update   {updates.State}{(updates.Reason is { } reason ? ": " + reason : string.Empty)}");
        }
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "none" : string.Join(", ", items);

    private static string Gib(long? bytes) =>
        bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / (1024.0 * 1024 * 1024):0.0} GiB") : "unknown";
}
