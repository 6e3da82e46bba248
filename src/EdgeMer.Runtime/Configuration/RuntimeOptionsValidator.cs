using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Configuration;

/// <summary>Checks <see cref="RuntimeOptions"/>; each failure names the key and what it allows.</summary>
public sealed class RuntimeOptionsValidator : IValidateOptions<RuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.HealthInterval < TimeSpan.FromMilliseconds(100) || options.HealthInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{RuntimeOptions.Section}:HealthInterval {options.HealthInterval} must be from 00:00:00.1 to 00:10:00");
        }

        if (options.NativeMemoryTrimInterval != TimeSpan.Zero
            && (options.NativeMemoryTrimInterval < TimeSpan.FromSeconds(1) || options.NativeMemoryTrimInterval > TimeSpan.FromHours(1)))
        {
            failures.Add($"{RuntimeOptions.Section}:NativeMemoryTrimInterval {options.NativeMemoryTrimInterval} must be 00:00:00 (never) or from 00:00:01 to 01:00:00");
        }

        for (int i = 0; i < options.Models.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Models[i]))
            {
                failures.Add($"{RuntimeOptions.Section}:Models:{i} is empty; allowed: a catalogued model id such as emotion");
            }

            for (int j = 0; j < i; j++)
            {
                if (string.Equals(options.Models[i], options.Models[j], StringComparison.Ordinal))
                {
                    failures.Add($"{RuntimeOptions.Section}:Models:{i} '{options.Models[i]}' is listed twice (also {RuntimeOptions.Section}:Models:{j})");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
