using Polly;
using Polly.Retry;

namespace EdgeMer.Messaging;

/// <summary>
/// How a messaging thread paces itself after a failed iteration (one poll and the request it
/// answered, one message it published): the failure is reported with the pause it costs, the thread
/// waits that pause on its <see cref="TimeProvider"/>, and the next iteration runs. Pauses start at
/// <see cref="FirstPause"/> and double (with jitter) up to <see cref="MaxPause"/> while failures follow
/// one another; an iteration that succeeds ends the execution, so the next failure starts from
/// <see cref="FirstPause"/> again. One bad message costs a short pause; a persistent fault neither
/// spins a core nor floods the log. Built on Polly's retry strategy.
/// </summary>
internal static class MessagingRetry
{
    /// <summary>The pause after a first failure.</summary>
    internal static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest pause, however many failures in a row.</summary>
    internal static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A pipeline whose <c>Execute</c> runs one iteration, and while it throws (anything but
    /// <see cref="OutOfMemoryException"/>, or cancellation of the execution's own token), reports
    /// <paramref name="failed"/>, pauses and runs the next one. Cancelling the token ends a pause at
    /// once: <c>Execute</c> then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    internal static ResiliencePipeline Create(TimeProvider time, Action<TimeSpan, Exception> failed)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(failed);
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e
                    && e is not OutOfMemoryException
                    && !(e is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstPause,
                MaxDelay = MaxPause,

                // Iterations go on for as long as the thread runs.
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    failed(args.RetryDelay, args.Outcome.Exception!);
                    return default;
                },
            })
            .Build();
    }
}
