using System.Globalization;
using System.Text;

namespace EdgeMer.Platform;

/// <summary>
/// Makes text that came from outside safe to log: a control request's command, its JSON
/// property names (inside a parser's message), a ZAP address, a client's name from its key file.
/// Consoles and the journal render what they are given, so a raw CR or LF would forge a log line,
/// an ESC sequence would recolour or clear the operator's terminal and an OSC sequence would retitle
/// it, and a bidirectional override would reorder what the operator reads. Every such character is
/// written as a visible escape instead.
/// <para>
/// Log methods take a <see cref="LogText"/> for such a value: it escapes when the message is
/// formatted, so a log level that is off costs nothing.
/// </para>
/// </summary>
public readonly struct LogText(string? value)
{
    /// <summary>How many characters of one peer-supplied value a log line keeps.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// <paramref name="text"/> with control characters (C0, DEL, C1), Unicode format characters
    /// (bidirectional overrides, zero-width joiners), line and paragraph separators and unpaired
    /// surrogates written as <c>\uXXXX</c>, backslashes doubled (so an escape cannot be forged), and
    /// anything past <see cref="MaxLength"/> characters cut off with a note of how much was left out.
    /// </summary>
    public override string ToString() => Escape(value);

    public static string Escape(string? text)
    {
        if (text is null)
        {
            return "(none)";
        }

        int end = Math.Min(text.Length, MaxLength);
        if (end < text.Length && char.IsHighSurrogate(text[end - 1]))
        {
            // Never cut a surrogate pair in two.
            end--;
        }

        int first = 0;
        while (first < end && !NeedsEscape(text, first))
        {
            first++;
        }

        if (first == end && end == text.Length)
        {
            // The common case: a clean value is logged as it is, without a copy.
            return text;
        }

        var escaped = new StringBuilder(end + 16);
        escaped.Append(text, 0, first);
        for (int i = first; i < end; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                escaped.Append(@"\\");
            }
            else if (NeedsEscape(text, i))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        if (end < text.Length)
        {
            escaped.Append(CultureInfo.InvariantCulture, $"... ({text.Length - end} more characters)");
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(string text, int index)
    {
        char c = text[index];
        if (c == '\\')
        {
            return true;
        }

        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return index == 0 || !char.IsHighSurrogate(text[index - 1]);
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control
            or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator;
    }
}
