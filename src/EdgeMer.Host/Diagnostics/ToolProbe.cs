using System.Diagnostics;

namespace EdgeMer.Host.Diagnostics;

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
            using Process process = new()
            {
                StartInfo = new ProcessStartInfo(path, versionArgument)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                },
            };
            process.Start();
            process.ErrorDataReceived += static (_, _) => { };
            process.BeginErrorReadLine();
            string? first = process.StandardOutput.ReadLine();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(5000))
            {
                process.Kill(entireProcessTree: true);
            }

            return new ToolProbe(name, path, first?.Trim());
        }
        catch (System.ComponentModel.Win32Exception)
        {
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
