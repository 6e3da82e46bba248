using Microsoft.Extensions.Options;

namespace EdgeMer.Messaging.Control;

/// <summary>Checks <see cref="ControlServerOptions"/>; each failure names the key and what it allows.</summary>
public sealed class ControlServerOptionsValidator : IValidateOptions<ControlServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string section = ControlServerOptions.Section;
        var failures = new List<string>();
        if (EndpointText.Problem(options.Endpoint) is { } problem)
        {
            failures.Add($"{section}:Endpoint '{options.Endpoint}' {problem}");
        }

        if (options.MaxRequestBytes is < 256 or > ControlServerOptions.TransportLimitBytes)
        {
            failures.Add($"{section}:MaxRequestBytes {options.MaxRequestBytes} must be from 256 to {ControlServerOptions.TransportLimitBytes}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
