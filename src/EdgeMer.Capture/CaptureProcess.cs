using EdgeMer.Platform;

namespace EdgeMer.Capture;

/// <summary>
/// The supervised decoder behind a source: runs it, turns an outcome that gave up into the source's
/// exception (naming the program and why), and stops it when the source is disposed.
/// </summary>
internal sealed class CaptureProcess : IDisposable
{
    private readonly SupervisedProcess _process;
    private readonly CancellationTokenSource _disposed = new();

    public CaptureProcess(SupervisedProcessOptions options, TimeProvider time)
    {
        _process = new SupervisedProcess(options, time);
        Command = [options.FileName, .. options.Arguments];
    }

    public SupervisedProcess Process => _process;

    /// <summary>The program and its arguments.</summary>
    public IReadOnlyList<string> Command { get; }

    public bool IsDisposed => _disposed.IsCancellationRequested;

    /// <summary>Supervises the decoder until it finishes, is cancelled (or disposed), or gives up; then throws what <paramref name="fail"/> makes of the reason.</summary>
    public async Task RunAsync(Action<Stream> readOutput, Func<string, Exception> fail, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        SupervisedProcessOutcome outcome = await _process.RunAsync(readOutput, linked.Token).ConfigureAwait(false);
        if (outcome is { End: SupervisedProcessEnd.GaveUp, LastFailure: { } failure })
        {
            string program = Path.GetFileName(Command[0]);
            throw fail(outcome.Runs == 1
                ? $"{program} {failure.Reason}"
                : $"{program} failed {outcome.Runs} times in a row; the last time it {failure.Reason}");
        }
    }

    /// <summary>Stops a running decoder and refuses new runs. The token source is cancelled, not disposed: a run may still be linking to it.</summary>
    public void Dispose() => _disposed.Cancel();
}
