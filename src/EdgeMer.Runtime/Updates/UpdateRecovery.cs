using Microsoft.Extensions.Hosting;

namespace EdgeMer.Runtime.Updates;

/// <summary>
/// Resolves an update a restart interrupted (<see cref="ModelUpdater.Recover"/>) before the setup
/// loads, so the service always starts on a complete set: the old one or the committed new one.
/// </summary>
public sealed class UpdateRecovery : IHostedService
{
    private readonly ModelUpdater _updater;

    public UpdateRecovery(ModelUpdater updater)
    {
        _updater = updater;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _updater.Recover();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
