using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Updates;

/// <summary>Checks <see cref="FleetOptions"/> at start, naming the key and what it allows.</summary>
public sealed class FleetOptionsValidator : IValidateOptions<FleetOptions>
{
    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PollInterval < TimeSpan.FromMilliseconds(10) || options.PollInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{FleetOptions.Section}:PollInterval is {options.PollInterval}; allowed: 00:00:00.010 to 01:00:00");
        }

        if (options.SelfTestRuns is < 1 or > 100)
        {
            failures.Add($"{FleetOptions.Section}:SelfTestRuns is {options.SelfTestRuns}; allowed: 1 to 100");
        }

        if (string.IsNullOrEmpty(options.Directory) && (!string.IsNullOrEmpty(options.Inbox) || !string.IsNullOrEmpty(options.Trust)))
        {
            failures.Add($"{FleetOptions.Section}:Inbox and {FleetOptions.Section}:Trust need {FleetOptions.Section}:Directory (where model sets are kept)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
