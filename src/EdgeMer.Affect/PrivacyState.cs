namespace EdgeMer.Affect;

/// <summary>Whether EdgeMer may sense: the privacy switch's position.</summary>
public enum PrivacyState
{
    /// <summary>Capture runs and summaries carry readings.</summary>
    Capturing = 0,

    /// <summary>Capture is stopped at the source; summaries say "paused" and carry nothing else.</summary>
    Paused = 1,
}
