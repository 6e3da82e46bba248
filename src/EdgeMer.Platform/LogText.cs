using System.Text;

namespace EdgeMer.Platform;

/// <summary>
/// Makes text that came from outside (a control request, a peer's address, a file's contents) safe
/// to write to a console or the journal: control characters (CR, LF, ESC and so on, which could fake
/// log lines or drive a terminal) become visible escapes, and long text is cut.
/// </summary>
public static class LogText
{
    /// <summary>
    /// <paramref name="text"/> with every control character written as <c>\n</c>, <c>\r</c>, <c>\t</c>
    /// or <c>\uXXXX</c>, cut to <paramref name="maxLength"/> characters (with "..." and the full length).
    /// </summary>
    public static string Escape(string? text, int maxLength = 200)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (text is null)
        {
            return "(null)";
        }

        ReadOnlySpan<char> span = text.AsSpan(0, Math.Min(text.Length, maxLength));
        bool clean = true;
        foreach (char c in span)
        {
            if (NeedsEscape(c))
            {
                clean = false;
                break;
            }
        }

        string escaped = clean ? span.ToString() : EscapeAll(span);
        return text.Length <= maxLength ? escaped : $"{escaped}... ({text.Length} characters)";
    }

    // C0 and C1 controls, DEL, and the Unicode line and paragraph separators that some viewers break lines at.
    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    private static string EscapeAll(ReadOnlySpan<char> span)
    {
        var builder = new StringBuilder(span.Length + 16);
        foreach (char c in span)
        {
            switch (c)
            {
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (NeedsEscape(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
