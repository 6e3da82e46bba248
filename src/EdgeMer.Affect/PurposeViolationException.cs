namespace EdgeMer.Affect;

/// <summary>Something was about to report what the deployment's purpose forbids (<see cref="PurposePolicy"/>); the message cites the rule.</summary>
public sealed class PurposeViolationException : InvalidOperationException
{
    public PurposeViolationException(Purpose purpose, string what)
        : base($"{what} is not allowed for purpose '{Purposes.Name(purpose)}': {PurposePolicy.Rule(purpose)}")
    {
        Purpose = purpose;
    }

    public Purpose Purpose { get; }
}
