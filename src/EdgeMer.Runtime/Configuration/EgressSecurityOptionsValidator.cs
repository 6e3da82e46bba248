using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Configuration;

/// <summary>Checks <see cref="EgressSecurityOptions"/>: the key file and the allow-list go together.</summary>
public sealed class EgressSecurityOptionsValidator : IValidateOptions<EgressSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, EgressSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrEmpty(options.ServerSecretKeyFile) != string.IsNullOrEmpty(options.ClientsDirectory)
            ? ValidateOptionsResult.Fail(
                $"{EgressSecurityOptions.Section}:ServerSecretKeyFile and {EgressSecurityOptions.Section}:ClientsDirectory must be set together (CURVE with an allow-list) or both left empty (plain)")
            : ValidateOptionsResult.Success;
    }
}
