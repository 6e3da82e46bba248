using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Polly;
using Polly.Retry;

namespace EdgeMer.Platform;

/// <summary>
/// Keeps a long-running program (ffmpeg or GStreamer decoding a camera) running and hands its
/// standard output to a reader. The program is started with an argument list (no shell); its
/// standard error is read all along, and its end kept for failure reasons; a program that exits, or
/// writes nothing for <see cref="SupervisedProcessOptions.StallTimeout"/>, has failed, and is started
/// again after an exponential back-off with jitter (Polly, on the injected <see cref="TimeProvider"/>).
/// Every change of state is reported through <see cref="StateChanged"/>. Cancelling kills the program
/// and everything it started. A failing program never makes <see cref="RunAsync"/> throw: it ends
/// with an outcome that says why.
/// </summary>
public sealed partial class SupervisedProcess
{
    private readonly SupervisedProcessOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<RunResult> _pipeline;
    private int _state;
    private int _supervising;

    /// <summary>Runs made by the current <see cref="RunAsync"/>.</summary>
    private int _runs;

    /// <param name="options">What to run; validated here (an <see cref="ArgumentException"/> names the option).</param>
    /// <param name="time">The clock for back-off delays and stall detection (a fake one in tests); default the system's.</param>
    public SupervisedProcess(SupervisedProcessOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _pipeline = BuildPipeline();
    }

    /// <summary>
    /// Raised after every change of state, on the thread that supervises the program (never the
    /// reader's). Handlers should be quick and must not throw: an exception from a handler ends
    /// supervision, kills the program and propagates from <see cref="RunAsync"/>.
    /// </summary>
    public event EventHandler<SupervisedProcessStateChange>? StateChanged;

    /// <summary>The supervised program's name (<see cref="SupervisedProcessOptions.Name"/>).</summary>
    public string Name => _options.Name;

    /// <summary>The current state.</summary>
    public SupervisedProcessState State => (SupervisedProcessState)Volatile.Read(ref _state);

    /// <summary>
    /// Starts the program and keeps it running until it finishes (when it is expected to), the restart
    /// policy gives up, or <paramref name="cancellationToken"/> is cancelled. For each run,
    /// <paramref name="readOutput"/> is called on a thread of its own with the program's standard
    /// output; it reads (blocking reads are expected) until the end of the stream and returns. When the
    /// program is killed (stalled, cancelled) its output ends, so a reader never waits past that.
    /// </summary>
    /// <returns>How supervision ended. It does not throw for anything the program does.</returns>
    /// <exception cref="InvalidOperationException">Another <see cref="RunAsync"/> of this instance is running.</exception>
    /// <remarks>An exception thrown by <paramref name="readOutput"/> or a <see cref="StateChanged"/> handler is a fault of the caller: the program is killed and the exception propagates.</remarks>
    public async Task<SupervisedProcessOutcome> RunAsync(Action<Stream> readOutput, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readOutput);
        if (Interlocked.Exchange(ref _supervising, 1) == 1)
        {
            throw new InvalidOperationException($"{Name} is already being supervised; RunAsync runs one at a time");
        }

        var supervision = new Supervision(this, readOutput);
        Volatile.Write(ref _runs, 0);
        try
        {
            SupervisedProcessFailure? lastFailure = null;
            while (true)
            {
                RunResult result;
                try
                {
                    result = await _pipeline.ExecuteAsync(
                        static (s, ct) => s.Owner.RunOnceAsync(s, ct), supervision, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    result = RunResult.Cancelled;
                }

                lastFailure = result.Failure ?? lastFailure;
                if (result is { End: RunEnd.Failed, Stable: true } && !cancellationToken.IsCancellationRequested)
                {
                    // A healthy run failed: start again at once, and back off anew if that fails too.
                    continue;
                }

                SupervisedProcessEnd end = result.End switch
                {
                    RunEnd.Finished => SupervisedProcessEnd.Finished,
                    RunEnd.Cancelled => SupervisedProcessEnd.Cancelled,
                    _ => cancellationToken.IsCancellationRequested ? SupervisedProcessEnd.Cancelled : SupervisedProcessEnd.GaveUp,
                };
                Report(new SupervisedProcessStateChange(Name, SupervisedProcessState.Stopped, Volatile.Read(ref _runs), End: end));
                return new SupervisedProcessOutcome(end, Volatile.Read(ref _runs), lastFailure);
            }
        }
        finally
        {
            Volatile.Write(ref _state, (int)SupervisedProcessState.Stopped);
            Volatile.Write(ref _supervising, 0);
        }
    }

    private ResiliencePipeline<RunResult> BuildPipeline()
    {
        RestartPolicy policy = _options.Restart;
        if (policy.MaxRestarts == 0)
        {
            return ResiliencePipeline<RunResult>.Empty;
        }

        var retry = new RetryStrategyOptions<RunResult>
        {
            // Only a failed run is retried; an exception is the caller's fault and propagates.
            ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is null && args.Outcome.Result.ShouldRestart),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = policy.Jitter,
            Delay = policy.InitialDelay,
            MaxDelay = policy.MaxDelay,
            MaxRetryAttempts = policy.MaxRestarts ?? int.MaxValue,
            OnRetry = args =>
            {
                int next = Volatile.Read(ref _runs) + 1;
                Report(new SupervisedProcessStateChange(Name, SupervisedProcessState.BackingOff, next, Delay: args.RetryDelay));
                return default;
            },
        };
        return new ResiliencePipelineBuilder<RunResult> { TimeProvider = _time }.AddRetry(retry).Build();
    }

    private async ValueTask<RunResult> RunOnceAsync(Supervision supervision, CancellationToken cancellationToken)
    {
        int run = Interlocked.Increment(ref _runs);
        Report(new SupervisedProcessStateChange(Name, SupervisedProcessState.Starting, run));

        Process process = CreateProcess();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            var failure = new SupervisedProcessFailure(
                SupervisedProcessFailureKind.CouldNotStart,
                $"cannot start {ExternalProgramResult.CommandLine(_options.FileName, _options.Arguments)}: {e.Message}",
                ExitCode: null,
                StandardError: string.Empty,
                DeliveredOutput: false);
            return Failed(run, failure, stable: false);
        }

        using var child = new ChildRun(process, _time, _options);
        Exception? readerFault;
        using (cancellationToken.UnsafeRegister(static c => ((ChildRun)c!).Kill(KillReason.Cancelled), child))
        {
            try
            {
                Report(new SupervisedProcessStateChange(Name, SupervisedProcessState.Running, run, ProcessId: process.Id));
            }
            catch
            {
                // A handler failed: the program must not outlive the supervision it was started under.
                child.Kill(KillReason.ReaderFailed);
                await child.FinishAsync().ConfigureAwait(false);
                throw;
            }

            readerFault = await child.ReadAsync(supervision.ReadOutput, Name).ConfigureAwait(false);
            if (readerFault is not null)
            {
                child.Kill(KillReason.ReaderFailed);
            }

            await child.FinishAsync().ConfigureAwait(false);
        }

        if (readerFault is not null)
        {
            ExceptionDispatchInfo.Throw(readerFault);
        }

        if (child.KilledFor == KillReason.Cancelled)
        {
            return RunResult.Cancelled;
        }

        int exitCode = process.ExitCode;
        string errors = child.StandardError;
        bool giveUp = _options.FirstRunMustDeliver && run == 1 && !child.DeliveredOutput;
        if (child.KilledFor == KillReason.Stalled)
        {
            var stalled = Failure(SupervisedProcessFailureKind.Stalled, $"stalled: no output for {_options.StallTimeout.TotalSeconds:0.###} s, killed", exitCode, errors, child);
            return Failed(run, stalled, child.WasStable, giveUp);
        }

        bool complained = errors.AsSpan().Trim().Length > 0;
        if (exitCode == 0 && _options.FinishesOnSuccess && !(complained && _options.FailsOnErrorOutput))
        {
            return RunResult.Finished;
        }

        string ended = exitCode switch
        {
            0 when _options.FinishesOnSuccess => "finished but reported errors",
            0 => "ended (exit code 0) but should run on",
            > 128 and < 160 => $"was killed by signal {exitCode - 128} (exit code {exitCode})",
            _ => $"exited with code {exitCode}",
        };
        var exited = Failure(SupervisedProcessFailureKind.Exited, ended, exitCode, errors, child);
        return Failed(run, exited, child.WasStable, giveUp);
    }

    private static SupervisedProcessFailure Failure(SupervisedProcessFailureKind kind, string what, int exitCode, string errors, ChildRun child)
    {
        string said = ProgramOutput.OneLine(errors);
        return new SupervisedProcessFailure(kind, said.Length == 0 ? what : $"{what}: {said}", exitCode, errors, child.DeliveredOutput);
    }

    private RunResult Failed(int run, SupervisedProcessFailure failure, bool stable, bool giveUp = false)
    {
        Report(new SupervisedProcessStateChange(Name, SupervisedProcessState.Failed, run, Failure: failure));
        return new RunResult(RunEnd.Failed, failure, stable, giveUp);
    }

    private Process CreateProcess()
    {
        var start = new ProcessStartInfo(_options.FileName)
        {
            UseShellExecute = false,

            // Standard input stays open and unwritten: the program must not read this process's own.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in _options.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (_options.Environment is { } environment)
        {
            foreach ((string key, string? value) in environment)
            {
                if (value is null)
                {
                    start.Environment.Remove(key);
                }
                else
                {
                    start.Environment[key] = value;
                }
            }
        }

        return new Process { StartInfo = start };
    }

    private void Report(SupervisedProcessStateChange change)
    {
        Volatile.Write(ref _state, (int)change.State);
        StateChanged?.Invoke(this, change);
    }

    private enum RunEnd
    {
        Failed = 1,
        Finished,
        Cancelled,
    }

    /// <summary>How one run ended: the value Polly's retry decides on.</summary>
    private readonly record struct RunResult(RunEnd End, SupervisedProcessFailure? Failure, bool Stable, bool GiveUp)
    {
        public static RunResult Finished => new(RunEnd.Finished, null, false, false);

        public static RunResult Cancelled => new(RunEnd.Cancelled, null, false, false);

        /// <summary>A failed run is retried unless it was healthy (then supervision starts over) or must not be.</summary>
        public bool ShouldRestart => End == RunEnd.Failed && !Stable && !GiveUp;
    }

    /// <summary>One call of <see cref="RunAsync"/>: what Polly's callback needs without a closure.</summary>
    private sealed class Supervision(SupervisedProcess owner, Action<Stream> readOutput)
    {
        public SupervisedProcess Owner { get; } = owner;

        public Action<Stream> ReadOutput { get; } = readOutput;
    }
}
