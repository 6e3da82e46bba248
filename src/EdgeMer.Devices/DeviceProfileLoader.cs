using System.Text.Json;
using EdgeMer.Inference;

namespace EdgeMer.Devices;

/// <summary>Reads device profiles and rejects any that would misconfigure the runtime.</summary>
public static class DeviceProfileLoader
{
    /// <summary>The execution provider names a profile may list.</summary>
    public static IReadOnlyList<string> ProviderNames => ExecutionProviderNames.ProfileNames;

    private static readonly string[] s_arches = ["arm64", "x64"];

    private static readonly string[] s_variants = ["fp32", "int8", "pruned"];

    private const int MaxGpioChip = 255;

    private const int MaxGpioLine = 1023;

    /// <summary>Loads <paramref name="path"/>; throws <see cref="DeviceProfileException"/> naming the field on any problem.</summary>
    public static DeviceProfile Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeviceProfileException(path, "(file)", $"cannot be read: {e.Message}", e);
        }

        DeviceProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(bytes, DeviceProfileJsonContext.Default.DeviceProfile);
        }
        catch (JsonException e)
        {
            (string field, string problem) = Describe(e);
            throw new DeviceProfileException(path, field, problem, e);
        }

        if (profile is null)
        {
            throw new DeviceProfileException(path, "(document)", "is null; expected a JSON object");
        }

        Validate(path, profile);
        return profile;
    }

    /// <summary>Loads every <c>*.json</c> profile in <paramref name="directory"/>, ordered by id.</summary>
    public static IReadOnlyList<DeviceProfile> LoadAll(string directory)
    {
        List<DeviceProfile> profiles = [];
        foreach (string file in Directory.EnumerateFiles(directory, "*.json"))
        {
            profiles.Add(Load(file));
        }

        profiles.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return profiles;
    }

    private static void Validate(string path, DeviceProfile profile)
    {
        string expectedId = Path.GetFileNameWithoutExtension(path);
        Require(path, "$.id", profile.Id == expectedId, $"is '{profile.Id}' but the file is named {expectedId}.json; they must match");
        Require(path, "$.name", !string.IsNullOrWhiteSpace(profile.Name), "must not be empty");
        Require(path, "$.arch", Array.IndexOf(s_arches, profile.Arch) >= 0, $"is '{profile.Arch}'; allowed: {string.Join(", ", s_arches)}");
        Require(path, "$.cores", profile.Cores is >= 1 and <= 256, $"is {profile.Cores}; allowed: 1..256");
        Require(path, "$.memoryMiB", profile.MemoryMiB is >= 256, $"is {profile.MemoryMiB}; allowed: 256 or more");
        Require(path, "$.glibc", profile.Glibc is null || (Version.TryParse(profile.Glibc, out Version? glibc) && glibc.Build < 0 && glibc.Major == 2),
            $"is '{profile.Glibc}'; allowed: a glibc version such as 2.36");

        DeviceBudget budget = profile.Budget;
        Require(path, "$.budget.captureToSummaryMs", budget.CaptureToSummaryMs is >= 10 and <= 10_000, $"is {budget.CaptureToSummaryMs}; allowed: 10..10000");
        Require(path, "$.budget.maxCores", budget.MaxCores >= 1 && budget.MaxCores <= profile.Cores, $"is {budget.MaxCores}; allowed: 1..{profile.Cores} (the board's cores)");

        DeviceInference inference = profile.Inference;
        Require(path, "$.inference.providers", inference.Providers.Count > 0, "must list at least one provider");
        for (int i = 0; i < inference.Providers.Count; i++)
        {
            string name = inference.Providers[i];
            Require(path, $"$.inference.providers[{i}]", Contains(ProviderNames, name), $"is '{name}'; allowed: {string.Join(", ", ProviderNames)}");
            Require(path, $"$.inference.providers[{i}]", inference.Providers.IndexOf(name) == i, $"'{name}' is listed twice");
        }

        Require(path, "$.inference.onnxRuntime", Contains(DeviceOnnxRuntimes.Names, inference.OnnxRuntime),
            $"is '{inference.OnnxRuntime}'; allowed: {string.Join(", ", DeviceOnnxRuntimes.Names)}");
        for (int i = 0; i < inference.Providers.Count; i++)
        {
            string? refusal = DeviceOnnxRuntimes.Refuses(inference.OnnxRuntime, profile.Arch, inference.Providers[i]);
            Require(path, $"$.inference.providers[{i}]", refusal is null, refusal ?? string.Empty);
        }

        Require(path, "$.inference.intraOpThreads", inference.IntraOpThreads >= 1 && inference.IntraOpThreads <= budget.MaxCores, $"is {inference.IntraOpThreads}; allowed: 1..{budget.MaxCores} ($.budget.maxCores)");
        Require(path, "$.inference.interOpThreads", inference.InterOpThreads >= 1 && inference.InterOpThreads <= budget.MaxCores, $"is {inference.InterOpThreads}; allowed: 1..{budget.MaxCores} ($.budget.maxCores)");
        if (inference.TensorRt is { } trt)
        {
            Require(path, "$.inference.tensorRt.workspaceMiB", trt.WorkspaceMiB is >= 16 and <= 65_536, $"is {trt.WorkspaceMiB}; allowed: 16..65536");
            Require(path, "$.inference.tensorRt", Contains(inference.Providers, "TensorRT"), "is set but TensorRT is not in $.inference.providers");
        }

        foreach (KeyValuePair<string, string> choice in inference.ModelVariants ?? new Dictionary<string, string>())
        {
            Require(path, $"$.inference.modelVariants.{choice.Key}", Contains(s_variants, choice.Value), $"is '{choice.Value}'; allowed: {string.Join(", ", s_variants)}");
        }

        foreach (KeyValuePair<string, string> choice in inference.LighterVariants ?? new Dictionary<string, string>())
        {
            Require(path, $"$.inference.lighterVariants.{choice.Key}", Contains(s_variants, choice.Value), $"is '{choice.Value}'; allowed: {string.Join(", ", s_variants)}");
        }

        Require(path, "$.inference.bodyPoseModel", inference.BodyPoseModel is null || Contains(DeviceInference.BodyPoseModels, inference.BodyPoseModel),
            $"is '{inference.BodyPoseModel}'; allowed: {string.Join(", ", DeviceInference.BodyPoseModels)}");

        if (inference.Cuda is { } cuda)
        {
            Require(path, "$.inference.cuda.deviceId", cuda.DeviceId >= 0, $"is {cuda.DeviceId}; allowed: 0 or more");
        }

        if (profile.Sources is { } sources)
        {
            Require(path, "$.sources.video", sources.Video is null || sources.Video.StartsWith("/dev/", StringComparison.Ordinal),
                $"is '{sources.Video}'; allowed: a camera device such as /dev/video0 (files are configured, not profiled)");
            Require(path, "$.sources.audio", sources.Audio is null || sources.Audio.StartsWith("alsa:", StringComparison.Ordinal) || sources.Audio.StartsWith("pulse:", StringComparison.Ordinal),
                $"is '{sources.Audio}'; allowed: alsa:DEVICE or pulse:DEVICE");
            Require(path, "$.sources.skeletons", sources.Skeletons is null || sources.Skeletons.StartsWith("tcp://", StringComparison.Ordinal) || sources.Skeletons.StartsWith("ipc://", StringComparison.Ordinal) || sources.Skeletons.StartsWith('/'),
                $"is '{sources.Skeletons}'; allowed: a ZeroMQ endpoint (tcp://HOST:PORT, ipc://PATH) or a named pipe's absolute path");
        }

        if (profile.Gpio is { } gpio)
        {
            ValidateGpio(path, gpio);
        }
    }

    private static void ValidateGpio(string path, DeviceGpio gpio)
    {
        Require(path, "$.gpio.chip", gpio.Chip is >= 0 and <= MaxGpioChip, $"is {gpio.Chip}; allowed: 0..{MaxGpioChip} (N of /dev/gpiochipN)");
        Require(path, "$.gpio", gpio.PrivacySwitch is not null || gpio.AlertLed is not null || gpio.Buzzer is not null,
            "names no line; give at least one of privacySwitch, alertLed, buzzer, or leave gpio out");
        var lines = new Dictionary<int, string>();
        if (gpio.PrivacySwitch is { } input)
        {
            RequireLine(path, "$.gpio.privacySwitch", input.Line, lines);
            Require(path, "$.gpio.privacySwitch.kind", Contains(DeviceGpio.InputKinds, input.KindOrDefault), $"is '{input.KindOrDefault}'; allowed: {string.Join(", ", DeviceGpio.InputKinds)}");
            Require(path, "$.gpio.privacySwitch.activeLevel", Contains(DeviceGpio.Levels, input.ActiveLevelOrDefault), $"is '{input.ActiveLevelOrDefault}'; allowed: {string.Join(", ", DeviceGpio.Levels)}");
            Require(path, "$.gpio.privacySwitch.bias", Contains(DeviceGpio.Biases, input.BiasOrDefault), $"is '{input.BiasOrDefault}'; allowed: {string.Join(", ", DeviceGpio.Biases)}");
            Require(path, "$.gpio.privacySwitch.debounceMs", input.DebounceMsOrDefault is >= 1 and <= 1000, $"is {input.DebounceMsOrDefault}; allowed: 1..1000");
        }

        if (gpio.AlertLed is { } led)
        {
            RequireLine(path, "$.gpio.alertLed", led.Line, lines);
            Require(path, "$.gpio.alertLed.activeLevel", Contains(DeviceGpio.Levels, led.ActiveLevelOrDefault), $"is '{led.ActiveLevelOrDefault}'; allowed: {string.Join(", ", DeviceGpio.Levels)}");
            Require(path, "$.gpio.alertLed.holdSeconds", led.HoldSecondsOrDefault is >= 1 and <= 3600, $"is {led.HoldSecondsOrDefault}; allowed: 1..3600");
        }

        if (gpio.Buzzer is { } buzzer)
        {
            RequireLine(path, "$.gpio.buzzer", buzzer.Line, lines);
            Require(path, "$.gpio.buzzer.activeLevel", Contains(DeviceGpio.Levels, buzzer.ActiveLevelOrDefault), $"is '{buzzer.ActiveLevelOrDefault}'; allowed: {string.Join(", ", DeviceGpio.Levels)}");
        }
    }

    private static void RequireLine(string path, string part, int line, Dictionary<int, string> taken)
    {
        Require(path, part + ".line", line is >= 0 and <= MaxGpioLine, $"is {line}; allowed: 0..{MaxGpioLine} (the line's offset on the chip)");
        Require(path, part + ".line", !taken.TryGetValue(line, out string? other), $"is {line}, already used by {other}.line; each part needs its own line");
        taken[line] = part;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (string item in list)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void Require(string path, string field, bool condition, string problem)
    {
        if (!condition)
        {
            throw new DeviceProfileException(path, field, problem);
        }
    }

    /// <summary>Turns System.Text.Json's message into a field path and a short problem.</summary>
    private static (string Field, string Problem) Describe(JsonException e)
    {
        string field = e.Path is { Length: > 0 } p ? p : "$";
        string message = e.Message;
        const string Missing = "missing required properties including: ";
        int missing = message.IndexOf(Missing, StringComparison.Ordinal);
        if (missing >= 0)
        {
            string names = message[(missing + Missing.Length)..].TrimEnd('.', ' ');
            string first = names.Split(',')[0].Trim().Trim('\'');
            return ($"{field}.{first}", "is required");
        }

        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (field, cut > 0 ? message[..cut] : message);
    }
}
