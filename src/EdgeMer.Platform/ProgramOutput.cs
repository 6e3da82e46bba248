namespace EdgeMer.Platform;

/// <summary>What another program printed, shaped for a message or a log line.</summary>
public static class ProgramOutput
{
    /// <summary>
    /// <paramref name="text"/>'s non-empty lines, trimmed and joined with <c> | </c>, cut to its last
    /// <paramref name="maxLength"/> characters (a program's reason is usually at its end).
    /// </summary>
    public static string OneLine(string text, int maxLength = 1000)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        string joined = string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return joined.Length <= maxLength ? joined : "..." + joined[^maxLength..];
    }
}
