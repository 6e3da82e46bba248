namespace EdgeMer.Affect;

/// <summary>How urgent an alert is.</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}
