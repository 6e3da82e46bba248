using Polly;
using Polly.Retry;

namespace EdgeMer.Messaging;

/// <summary>
/// How a messaging thread paces itself after a failed iteration (one poll and the request it
/// answered, one message it published): the failure is reported with the pause it costs, the thread
/// waits that pause on its <see cref="TimeProvider"/>, and the next iteration runs. Pauses start at
/// <see cref="FirstPause"/> and double (with jitter, <see cref="Pause"/>) up to <see cref="MaxPause"/>
/// while failures follow one another; an iteration that succeeds ends the execution, so the next
/// failure starts from <see cref="FirstPause"/> again. One bad message costs a short pause; a
/// persistent fault neither spins a core nor floods the log. Polly's retry strategy runs the loop,
/// the waits and their cancellation.
/// </summary>
internal static class MessagingRetry
{
    /// <summary>The pause after a first failure.</summary>
    internal static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest pause, however many failures in a row.</summary>
    internal static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The pause after the failure numbered <paramref name="attempt"/> (0 for a first failure):
    /// <see cref="FirstPause"/> doubled per failure up to <see cref="MaxPause"/>, jittered by
    /// <paramref name="jitter"/> (0 to 1) to between three quarters and five quarters of that, and
    /// never above <see cref="MaxPause"/>. Polly's own jitter (decorrelated) lets a first pause come
    /// out under a millisecond, which the waits round down to no pause at all; a failing thread must
    /// always pause.
    /// </summary>
    internal static TimeSpan Pause(int attempt, double jitter)
    {
        double exponential = Math.Min(FirstPause.TotalMilliseconds * Math.Pow(2, attempt), MaxPause.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Min(exponential * (0.75 + (0.5 * jitter)), MaxPause.TotalMilliseconds));
    }

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
                DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(Pause(args.AttemptNumber, Random.Shared.NextDouble())),

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
