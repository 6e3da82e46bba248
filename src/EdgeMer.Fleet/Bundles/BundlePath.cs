namespace EdgeMer.Fleet.Bundles;

/// <summary>
/// The one rule for a path inside a bundle: relative, '/'-separated segments of letters, digits,
/// '.', '_' and '-', none of them empty, '.' or '..'. So no path can name anything outside the folder
/// a bundle is staged in, whatever the file system.
/// </summary>
public static class BundlePath
{
    /// <summary>Null when <paramref name="path"/> is a safe bundle path, else why not.</summary>
    public static string? Problem(string path, BundleLimits limits)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(limits);
        if (path.Length == 0)
        {
            return "an empty path";
        }

        if (path.Length > limits.MaxPathLength)
        {
            return $"a path longer than {limits.MaxPathLength} characters";
        }

        if (path[0] == '/')
        {
            return "an absolute path";
        }

        foreach (string segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "an empty path segment";
            }

            if (segment is "." or "..")
            {
                return $"a '{segment}' segment";
            }

            foreach (char c in segment)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                {
                    return $"the character U+{(int)c:X4}";
                }
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="BundleRefusedException"/> (unsafe path) naming the path when it is not safe.</summary>
    public static void Check(string path, BundleLimits limits)
    {
        if (Problem(path, limits) is { } problem)
        {
            throw new BundleRefusedException(BundleRefusal.UnsafePath, $"bundle path '{Shown(path)}' is refused: {problem}");
        }
    }

    /// <summary>A path as an error message may show it: printable ASCII only, at most 120 characters.</summary>
    internal static string Shown(string path)
    {
        var shown = new System.Text.StringBuilder(Math.Min(path.Length, 120));
        foreach (char c in path.AsSpan(0, Math.Min(path.Length, 120)))
        {
            shown.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return path.Length > 120 ? shown.Append("...").ToString() : shown.ToString();
    }
}
