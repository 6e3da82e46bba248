using EdgeMer.Affect;
using EdgeMer.Platform;
using EdgeMer.Runtime.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// Keeps the privacy switch's position across restarts: a device that was paused comes back paused
/// after a crash, a reboot or an update, before anything captures or publishes. The position is
/// written atomically to <c>privacy</c> in the state folder on every change.
/// </summary>
public sealed partial class PrivacyPersistence : IHostedService
{
    /// <summary>The file's name in the state folder.</summary>
    public const string FileName = "privacy";

    private readonly PrivacySwitch _privacy;
    private readonly IOptions<RuntimeOptions> _options;
    private readonly ILogger _logger;
    private string? _path;

    public PrivacyPersistence(PrivacySwitch privacy, IOptions<RuntimeOptions> options, ILogger<PrivacyPersistence> logger)
    {
        _privacy = privacy;
        _options = options;
        _logger = logger;
    }

    /// <summary>The file the position is kept in (known once started).</summary>
    public string Path => _path ?? throw new InvalidOperationException("not started");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        string folder = RuntimeDirectories.StateDirectory(_options.Value);
        RuntimeDirectories.EnsurePrivate(folder, $"{RuntimeOptions.Section}:StateDirectory");
        _path = System.IO.Path.Combine(folder, FileName);
        PrivacyState restored = Read(_path);
        if (restored == PrivacyState.Paused)
        {
            _privacy.SwitchTo(PrivacyState.Paused);
            LogRestoredPaused(_logger, _path);
        }

        _privacy.StateChanged += Persist;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _privacy.StateChanged -= Persist;
        return Task.CompletedTask;
    }

    private PrivacyState Read(string path)
    {
        string text;
        try
        {
            if (!File.Exists(path))
            {
                return PrivacyState.Capturing;
            }

            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Privacy first: when the last position cannot be read, the device starts paused.
            LogUnreadable(_logger, path, e.Message);
            return PrivacyState.Paused;
        }

        switch (text)
        {
            case "paused":
                return PrivacyState.Paused;
            case "capturing":
                return PrivacyState.Capturing;
            default:
                LogUnreadable(_logger, path, $"it holds '{LogText.Escape(text)}', not 'paused' or 'capturing'");
                return PrivacyState.Paused;
        }
    }

    private void Persist(object? sender, PrivacyState state)
    {
        // A handler failure is reported by the switch to whoever moved it (the control reply says so);
        // the new position holds in memory either way.
        AtomicFile.WriteText(Path, state == PrivacyState.Paused ? "paused\n" : "capturing\n");
    }
}
