using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Publishing;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Configuration;

/// <summary>
/// Checks what no single component's options can: the control socket and the publisher must not
/// share an endpoint (the second bind would fail with a message about neither key).
/// </summary>
public sealed class EgressEndpointsValidator : IValidateOptions<ControlServerOptions>
{
    private readonly IOptions<SummaryPublisherOptions> _publisher;

    public EgressEndpointsValidator(IOptions<SummaryPublisherOptions> publisher)
    {
        _publisher = publisher;
    }

    public ValidateOptionsResult Validate(string? name, ControlServerOptions options)
    {
        SummaryPublisherOptions publisher;
        try
        {
            publisher = _publisher.Value;
        }
        catch (OptionsValidationException)
        {
            // The publisher's own validation reports what is wrong with it.
            return ValidateOptionsResult.Skip;
        }

        return Check(publisher, options);
    }

    internal static ValidateOptionsResult Check(SummaryPublisherOptions publisher, ControlServerOptions control)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(control);
        for (int i = 0; i < publisher.Endpoints.Count; i++)
        {
            // A wildcard port binds a fresh port each time, so two wildcards never collide.
            if (string.Equals(publisher.Endpoints[i], control.Endpoint, StringComparison.Ordinal) && !control.Endpoint.EndsWith(":*", StringComparison.Ordinal))
            {
                return ValidateOptionsResult.Fail(
                    $"{ControlServerOptions.Section}:Endpoint and {SummaryPublisherOptions.Section}:Endpoints:{i} are both '{control.Endpoint}'; the control socket needs an endpoint of its own");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
