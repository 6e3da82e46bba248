using EdgeMer.Messaging.Wire;
using Microsoft.Extensions.Options;

namespace EdgeMer.Messaging.Publishing;

/// <summary>Checks <see cref="SummaryPublisherOptions"/>; each failure names the key and what it allows.</summary>
public sealed class SummaryPublisherOptionsValidator : IValidateOptions<SummaryPublisherOptions>
{
    public ValidateOptionsResult Validate(string? name, SummaryPublisherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string section = SummaryPublisherOptions.Section;
        var failures = new List<string>();
        if (!WireCheck.IsToken(options.DeviceId, 64))
        {
            failures.Add($"{section}:DeviceId '{options.DeviceId}' must be 1-64 characters of letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
        }

        if (options.Endpoints is null || options.Endpoints.Count == 0)
        {
            failures.Add($"{section}:Endpoints must list at least one endpoint, e.g. tcp://0.0.0.0:5556");
        }
        else
        {
            for (int i = 0; i < options.Endpoints.Count; i++)
            {
                if (EndpointText.Problem(options.Endpoints[i]) is { } problem)
                {
                    failures.Add($"{section}:Endpoints:{i} '{options.Endpoints[i]}' {problem}");
                }
            }
        }

        if (options.SendHighWaterMark is < 1 or > 1_000_000)
        {
            failures.Add($"{section}:SendHighWaterMark {options.SendHighWaterMark} must be from 1 to 1000000");
        }

        if (options.QueueCapacity is < 1 or > 1_000_000)
        {
            failures.Add($"{section}:QueueCapacity {options.QueueCapacity} must be from 1 to 1000000");
        }

        if (options.HeartbeatInterval < TimeSpan.Zero || options.HeartbeatInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{section}:HeartbeatInterval {options.HeartbeatInterval} must be from 00:00:00 (off) to 00:10:00");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
