using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// SIGHUP reloads, as daemons conventionally do (<c>systemctl reload</c>); the default would end the
/// process. The reload runs on the signal's thread-pool thread and never throws (<see cref="ReloadCoordinator"/>).
/// </summary>
public sealed class HangupReload : IHostedService, IDisposable
{
    private readonly ReloadCoordinator _reload;
    private PosixSignalRegistration? _registration;

    public HangupReload(ReloadCoordinator reload)
    {
        _reload = reload;
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

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => Interlocked.Exchange(ref _registration, null)?.Dispose();
}
