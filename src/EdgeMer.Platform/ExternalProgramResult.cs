using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace EdgeMer.Platform;

/// <summary>What a finished program left: its exit code and everything it wrote.</summary>
/// <param name="FileName">The program as it was started.</param>
/// <param name="Arguments">Its arguments, as passed.</param>
/// <param name="ExitCode">The exit code (128 + the signal number for a program a signal ended).</param>
/// <param name="StandardOutputBytes">Standard output as written (raw video or audio, for example).</param>
/// <param name="StandardError">Standard error as UTF-8 text.</param>
public sealed record ExternalProgramResult(
    string FileName,
    IReadOnlyList<string> Arguments,
    int ExitCode,
    ReadOnlyMemory<byte> StandardOutputBytes,
    string StandardError)
{
    /// <summary>How much of each stream an error message quotes: the end, where the reason usually is.</summary>
    private const int QuotedCharacters = 4000;

    private static readonly SearchValues<char> s_shellSpecial = SearchValues.Create(" \t\n'\"\\$`;&|<>(){}*?[]#~");

    /// <summary>Standard output as UTF-8 text (decoded on each read; keep it in a local).</summary>
    public string StandardOutput => Encoding.UTF8.GetString(StandardOutputBytes.Span);

    /// <summary>
    /// Returns this result when the program exited with 0; otherwise throws an
    /// <see cref="InvalidOperationException"/> naming <paramref name="what"/>, the command line, the
    /// exit code and what the program printed.
    /// </summary>
    /// <param name="what">What the program was doing, for the message ("the TensorFlow.js reference").</param>
    public ExternalProgramResult EnsureSuccess(string what)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed: {CommandLine(FileName, Arguments)} exited with {ExitCode}{DescribeOutput()}");
        }

        return this;
    }

    /// <summary>The command line as a shell would read it, for messages only (the program never goes through a shell).</summary>
    internal static string CommandLine(string fileName, IReadOnlyList<string> arguments)
    {
        var line = new StringBuilder(Quote(fileName));
        foreach (string argument in arguments)
        {
            line.Append(' ').Append(Quote(argument));
        }

        return line.ToString();
    }

    /// <summary>Both streams for an error message: the end of each, and only the size of output that is not text.</summary>
    internal string DescribeOutput()
    {
        var text = new StringBuilder();
        text.Append("\n--- stderr\n").Append(Tail(StandardError));
        ReadOnlySpan<byte> output = StandardOutputBytes.Span;
        text.Append("\n--- stdout\n");
        if (output.IndexOf((byte)0) >= 0 || !Utf8.IsValid(output))
        {
            text.Append('(').Append(output.Length).Append(" bytes of binary output)");
        }
        else
        {
            text.Append(Tail(StandardOutput));
        }

        return text.ToString();
    }

    private static string Tail(string text) =>
        text.Length <= QuotedCharacters ? text : $"(last {QuotedCharacters} of {text.Length} characters) ...{text[^QuotedCharacters..]}";

    private static string Quote(string argument)
    {
        if (argument.Length > 0 && !argument.AsSpan().ContainsAny(s_shellSpecial))
        {
            return argument;
        }

        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
