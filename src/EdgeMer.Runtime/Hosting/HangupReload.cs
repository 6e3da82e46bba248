using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// SIGHUP reloads, as daemons conventionally do (<c>systemctl reload</c>); the default would end the
/// process. The reload runs on the signal's thread-pool thread and never throws (<see cref="ReloadCoordinator"/>).
/// A process that inherits SIGHUP ignored (started under <c>nohup</c>) keeps it ignored, as .NET does
/// with an inherited SIG_IGN: the start says so, since <c>kill -HUP</c> would then do nothing at all.
/// </summary>
public sealed partial class HangupReload : IHostedService, IDisposable
{
    private readonly ReloadCoordinator _reload;
    private readonly ILogger _logger;
    private PosixSignalRegistration? _registration;

    public HangupReload(ReloadCoordinator reload, ILogger<HangupReload> logger)
    {
        _reload = reload;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _reload.Reload("SIGHUP");
            });
        }

        if (OperatingSystem.IsLinux() && HangupIgnored(ReadStatus()))
        {
            LogHangupIgnored(_logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => Interlocked.Exchange(ref _registration, null)?.Dispose();

    /// <summary>Whether the <c>SigIgn</c> mask of a <c>/proc/PID/status</c> text has SIGHUP (signal 1, the mask's lowest bit).</summary>
    internal static bool HangupIgnored(string? status)
    {
        foreach (string line in (status ?? "").Split('\n'))
        {
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
            {
                return ulong.TryParse(line.AsSpan("SigIgn:".Length).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong mask) && (mask & 1) != 0;
            }
        }

        return false;
    }

    private static string? ReadStatus()
    {
        try
        {
            return File.ReadAllText("/proc/self/status");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc (a restricted container): nothing to warn about, the signal works or it does not.
            return null;
        }
    }

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "SIGHUP is ignored in this process (inherited from whatever started it, e.g. nohup), so kill -HUP cannot reload EdgeMer: reload through the control socket, or start EdgeMer without ignoring SIGHUP")]
    private static partial void LogHangupIgnored(ILogger logger);
}
