using System.Globalization;
using EdgeMer.Platform;

namespace EdgeMer.Capture;

/// <summary>What ffprobe says about the first video or audio stream of a file, read before decoding it.</summary>
internal static class MediaProbe
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The <paramref name="entries"/> (ffprobe <c>-show_entries</c>) of the first stream of
    /// <paramref name="kind"/> (<c>v</c> or <c>a</c>) as key and value; empty when the file has no such
    /// stream. A file ffprobe cannot read is an exception made by <paramref name="fail"/> from its reason.
    /// </summary>
    public static Dictionary<string, string> FirstStream(string ffprobe, string path, char kind, string entries, Func<string, Exception> fail)
    {
        ExternalProgramResult result;
        try
        {
            result = ExternalProgram.Run(
                ffprobe,
                ["-v", "error", "-select_streams", $"{kind}:0", "-show_entries", entries, "-of", "default=noprint_wrappers=1", FfmpegArguments.FileUrl(path)],
                s_limit);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw fail(e.Message);
        }

        if (result.ExitCode != 0)
        {
            throw fail($"{Path.GetFileName(ffprobe)} cannot read it: {ProgramOutput.OneLine(result.StandardError)}");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values.TryAdd(line[..equals], line[(equals + 1)..]);
            }
        }

        return values;
    }

    /// <summary>A positive whole number from the probe, or null.</summary>
    public static int? Int(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : null;

    /// <summary>A rate written as ffprobe writes it (<c>30000/1001</c>), or null for <c>0/0</c> and the like.</summary>
    public static double? Rate(Dictionary<string, string> values, string key)
    {
        if (!values.TryGetValue(key, out string? text))
        {
            return null;
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && double.TryParse(text.AsSpan(0, slash), NumberStyles.Float, CultureInfo.InvariantCulture, out double numerator)
            && double.TryParse(text.AsSpan(slash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double denominator)
            && numerator > 0 && denominator > 0)
        {
            return numerator / denominator;
        }

        return null;
    }
}
