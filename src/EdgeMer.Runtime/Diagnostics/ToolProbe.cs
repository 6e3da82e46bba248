using EdgeMer.Platform;

namespace EdgeMer.Runtime.Diagnostics;

/// <summary>Whether an external program the capture path uses (ffmpeg, GStreamer) is installed, and its version.</summary>
public sealed record ToolProbe(string Name, string? Path, string? Version)
{
    public bool Present => Path is not null;

    /// <summary>Finds <paramref name="name"/> on PATH and asks it for its version (first line of the output).</summary>
    public static ToolProbe Find(string name, string versionArgument)
    {
        string? path = FindOnPath(name);
        if (path is null)
        {
            return new ToolProbe(name, null, null);
        }

        try
        {
            ExternalProgramResult result = ExternalProgram.Run(path, [versionArgument], TimeSpan.FromSeconds(5));
            string output = result.StandardOutput;
            int newline = output.IndexOf('\n', StringComparison.Ordinal);
            return new ToolProbe(name, path, (newline < 0 ? output : output[..newline]).Trim());
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Installed but not answering: report it present, version unknown.
            return new ToolProbe(name, path, null);
        }
    }

    internal static string? FindOnPath(string name)
    {
        string pathVariable = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (string dir in pathVariable.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
