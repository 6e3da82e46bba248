using EdgeMer.Platform;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Updates;

/// <summary>
/// Watches the inbox for bundles (<c>*.bundle</c>, renamed in whole by whoever delivers them) and
/// takes each, oldest name first, through <see cref="ModelUpdater.Apply"/>. A bundle is moved out
/// of the inbox before it is looked at, so one that brings the process down is not taken again at
/// the next start; its outcome is written to <c>results/NAME.json</c> either way.
/// </summary>
public sealed partial class UpdateInbox : BackgroundService
{
    public const string Extension = ".bundle";

    /// <summary>A request to undo a committed update: the file holds the version (an OTA client's rollback).</summary>
    public const string RollbackExtension = ".rollback";

    private readonly ModelUpdater _updater;
    private readonly ModelSetLayout _layout;
    private readonly IOptions<FleetOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public UpdateInbox(ModelUpdater updater, ModelSetLayout layout, IOptions<FleetOptions> options, TimeProvider time, ILogger<UpdateInbox> logger)
    {
        _updater = updater;
        _layout = layout;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Where a bundle waits while it is being applied.</summary>

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_layout.Enabled)
        {
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(_layout.Inbox);
        Directory.CreateDirectory(_layout.Processing);
        foreach (string leftover in Directory.EnumerateFiles(_layout.Processing))
        {
            // Its outcome was written by the recovery at start.
            File.Delete(leftover);
        }

        string inbox = _layout.Inbox;
        long accepted = _layout.ReadAccepted();
        LogWatching(_logger, inbox, accepted);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.PollInterval, _time);
        try
        {
            do
            {
                TakeArrived();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void TakeArrived()
    {
        string[] arrived;
        try
        {
            arrived = [.. Directory.EnumerateFiles(_layout.Inbox)
                .Where(p => !Path.GetFileName(p).StartsWith('.') && (p.EndsWith(Extension, StringComparison.Ordinal) || p.EndsWith(RollbackExtension, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogInboxUnreadable(_logger, _layout.Inbox, new LogText(e.Message));
            return;
        }

        foreach (string bundle in arrived)
        {
            string taken = Path.Combine(_layout.Processing, Path.GetFileName(bundle));
            try
            {
                File.Move(bundle, taken, overwrite: true);
                if (taken.EndsWith(RollbackExtension, StringComparison.Ordinal))
                {
                    _updater.Revert(taken);
                }
                else
                {
                    _updater.Apply(taken);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // An update that failed outside its own checks (the update folder unwritable, a bug):
                // the running set serves on, and the reason is logged.
                LogUpdateFailed(_logger, Path.GetFileName(bundle), new LogText(e.Message));
            }
            finally
            {
                if (File.Exists(taken))
                {
                    File.Delete(taken);
                }
            }
        }
    }

    [LoggerMessage(EventId = 2610, Level = LogLevel.Information, Message = "Watching {Inbox} for signed bundles (last accepted version {Version})")]
    private static partial void LogWatching(ILogger logger, string inbox, long version);

    [LoggerMessage(EventId = 2611, Level = LogLevel.Warning, Message = "The inbox {Inbox} cannot be read: {Reason}")]
    private static partial void LogInboxUnreadable(ILogger logger, string inbox, LogText reason);

    [LoggerMessage(EventId = 2612, Level = LogLevel.Error, Message = "The update from {Bundle} failed; the live model set serves on: {Reason}")]
    private static partial void LogUpdateFailed(ILogger logger, string bundle, LogText reason);
}
