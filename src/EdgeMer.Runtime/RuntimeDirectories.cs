using EdgeMer.Platform;
using EdgeMer.Runtime.Configuration;

namespace EdgeMer.Runtime;

/// <summary>
/// Where the service keeps its private files: state that must survive a restart, and the control
/// socket, in folders only the service's user can open. Under systemd they are the unit's
/// <c>StateDirectory=</c> and <c>RuntimeDirectory=</c>.
/// </summary>
public static class RuntimeDirectories
{
    /// <summary>The folder for state: <see cref="RuntimeOptions.StateDirectory"/>, else systemd's, else the XDG state home.</summary>
    public static string StateDirectory(RuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.StateDirectory))
        {
            return options.StateDirectory;
        }

        if (FirstOf(Environment.GetEnvironmentVariable("STATE_DIRECTORY")) is { } systemd)
        {
            return systemd;
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        return Path.Combine(
            string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state") : xdg,
            "edgemer");
    }

    /// <summary>
    /// The folder for sockets only this user may reach: systemd's <c>$RUNTIME_DIRECTORY</c>, else
    /// <c>$XDG_RUNTIME_DIR/edgemer</c>, else <c>/tmp/edgemer-UID</c>.
    /// </summary>
    public static string PrivateRuntimeDirectory()
    {
        if (FirstOf(Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY")) is { } systemd)
        {
            return systemd;
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        return string.IsNullOrEmpty(xdg)
            ? Path.Combine(Path.GetTempPath(), $"edgemer-{(OperatingSystem.IsLinux() ? UnixFileStatus.EffectiveUserId : 0)}")
            : Path.Combine(xdg, "edgemer");
    }

    /// <summary>
    /// Creates <paramref name="path"/> for this user alone (mode 0700) if it is missing, and checks
    /// that an existing one is a real folder owned by this user that nobody else can open; throws
    /// <see cref="RuntimeConfigurationException"/> naming <paramref name="setting"/> otherwise.
    /// </summary>
    public static void EnsurePrivate(string path, string setting)
    {
        try
        {
            if (!OperatingSystem.IsLinux())
            {
                Directory.CreateDirectory(path);
                return;
            }

            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            if (!UnixFileStatus.TryGetWithoutFollowing(path, out UnixFileStatus status))
            {
                throw new IOException("it vanished while it was being created");
            }

            if (status.IsSymbolicLink)
            {
                throw new IOException("it is a symbolic link; its target could be swapped");
            }

            uint user = UnixFileStatus.EffectiveUserId;
            if (status.OwnerId != user)
            {
                throw new IOException($"it is owned by uid {status.OwnerId}, not by uid {user} that EdgeMer runs as");
            }

            const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((status.Mode & Others) != 0)
            {
                throw new IOException($"others can open it (mode {Convert.ToString((int)status.Mode, 8)}); it must be 700");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            throw new RuntimeConfigurationException($"{setting}: folder {path} cannot hold EdgeMer's private files: {e.Message}", e);
        }
    }

    // systemd passes a colon-separated list when a unit names several folders; the first is EdgeMer's.
    private static string? FirstOf(string? list) =>
        string.IsNullOrEmpty(list) ? null : list.Split(':')[0] is { Length: > 0 } first ? first : null;
}
