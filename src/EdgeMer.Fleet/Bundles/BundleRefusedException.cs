namespace EdgeMer.Fleet.Bundles;

/// <summary>A bundle that was refused: <see cref="Refusal"/> says which check, the message names the problem.</summary>
public sealed class BundleRefusedException : Exception
{
    public BundleRefusedException(BundleRefusal refusal, string message, Exception? inner = null)
        : base(message, inner)
    {
        Refusal = refusal;
    }

    public BundleRefusedException()
        : this(BundleRefusal.Malformed, "the bundle was refused")
    {
    }

    public BundleRefusedException(string message)
        : this(BundleRefusal.Malformed, message)
    {
    }

    public BundleRefusedException(string message, Exception inner)
        : this(BundleRefusal.Malformed, message, inner)
    {
    }

    public BundleRefusal Refusal { get; }

    /// <summary>The kind as messages and logs carry it: <c>signature</c>, <c>oldVersion</c>.</summary>
    public string RefusalId => Refusal switch
    {
        BundleRefusal.Malformed => "malformed",
        BundleRefusal.Truncated => "truncated",
        BundleRefusal.UnsafePath => "unsafePath",
        BundleRefusal.Signature => "signature",
        BundleRefusal.OldVersion => "oldVersion",
        BundleRefusal.Expired => "expired",
        BundleRefusal.FileMismatch => "fileMismatch",
        _ => "storage",
    };
}
