using Microsoft.Extensions.Options;

namespace EdgeMer.Messaging;

/// <summary>
/// The check a component makes of options handed to it directly (not through dependency injection):
/// the same validator and the same error as <c>ValidateOnStart</c> gives.
/// </summary>
internal static class OptionsCheck
{
    public static void ThrowIfInvalid<TOptions>(IValidateOptions<TOptions> validator, string section, TOptions options)
        where TOptions : class
    {
        ValidateOptionsResult result = validator.Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(section, typeof(TOptions), result.Failures);
        }
    }
}
