using EdgeMer.Affect;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Sensing;

/// <summary>Checks <see cref="SensingOptions"/>; each failure names the key and what it allows.</summary>
public sealed class SensingOptionsValidator : IValidateOptions<SensingOptions>
{
    public ValidateOptionsResult Validate(string? name, SensingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SummaryInterval < TimeSpan.FromMilliseconds(50) || options.SummaryInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{SensingOptions.Section}:SummaryInterval {options.SummaryInterval} must be from 00:00:00.05 to 00:01:00");
        }

        if (options.RestartAfter < TimeSpan.FromMilliseconds(100) || options.RestartAfter > TimeSpan.FromHours(1))
        {
            failures.Add($"{SensingOptions.Section}:RestartAfter {options.RestartAfter} must be from 00:00:00.1 to 01:00:00");
        }

        if (options.Video is { Length: > 0 } video && video.Any(char.IsControl))
        {
            failures.Add($"{SensingOptions.Section}:Video has control characters; allowed: a device, file or folder path");
        }

        if (options.Audio is { Length: > 0 } audio && audio.Any(char.IsControl))
        {
            failures.Add($"{SensingOptions.Section}:Audio has control characters; allowed: alsa:DEVICE, pulse:DEVICE or a file path");
        }

        if (options.Skeletons is { Length: > 0 } skeletons && skeletons.Any(char.IsControl))
        {
            failures.Add($"{SensingOptions.Section}:Skeletons has control characters; allowed: a file or named pipe path, tcp://HOST:PORT or ipc://PATH");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Checks <see cref="FusionSettings"/> with the fuser's own rules, so the keys and limits are the fuser's.</summary>
public sealed class FusionSettingsValidator : IValidateOptions<FusionSettings>
{
    public ValidateOptionsResult Validate(string? name, FusionSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.ToOptions(Purpose.Companion).Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
