using System.Globalization;
using System.Text;

namespace EdgeMer.Capture;

/// <summary>
/// A pipeline description turned into gst-launch-1.0's arguments. gst-launch joins its arguments with
/// spaces, escaping the spaces inside each, so the description is split into words as a shell would
/// split it (quotes group and are removed, a backslash escapes the next character), and each word is
/// passed as one argument: the pipeline means what it means on a command line, without a shell.
/// </summary>
internal static class GStreamerPipeline
{
    /// <summary>The words of <paramref name="pipeline"/>.</summary>
    /// <exception cref="ArgumentException">A quote is not closed, or there are no words (the message names <paramref name="name"/>).</exception>
    public static List<string> Split(string pipeline, string name)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        for (int i = 0; i < pipeline.Length; i++)
        {
            char c = pipeline[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && quote == '"' && i + 1 < pipeline.Length && pipeline[i + 1] is '"' or '\\')
                {
                    word.Append(pipeline[++i]);
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < pipeline.Length)
            {
                word.Append(pipeline[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote != '\0')
        {
            throw new ArgumentException($"{name}: the pipeline has a {quote} quote that is not closed");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        if (words.Count == 0)
        {
            throw new ArgumentException($"{name}: the pipeline is empty");
        }

        return words;
    }

    /// <summary>gst-launch-1.0's arguments: quiet, the pipeline, then conversion to RGB of the promised size, written to standard output.</summary>
    public static List<string> Arguments(IReadOnlyList<string> words, int width, int height) =>
    [
        "-q",
        .. words,
        "!", "videoconvert",
        "!", "videoscale",
        "!", string.Create(CultureInfo.InvariantCulture, $"video/x-raw,format=RGB,width={width},height={height}"),
        "!", "fdsink", "fd=1",
    ];
}
