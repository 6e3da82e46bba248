using System.Text;
using EdgeMer.Platform;

namespace EdgeMer.Platform.Tests;

public sealed class SupervisedProcessTests : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_never = TimeSpan.FromHours(1);

    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-supervised-").FullName;
    private readonly TimerWatchingTimeProvider _time = new();
    private readonly StateChangeLog _changes = new();

    public void Dispose()
    {
        _changes.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_reader_gets_the_output_and_a_program_expected_to_finish_ends_supervision_when_it_does()
    {
        SupervisedProcess process = Supervise(Options("/bin/sh", ["-c", "printf 'hello world'"]) with { FinishesOnSuccess = true });
        string? read = null;

        SupervisedProcessOutcome outcome = await process.RunAsync(output => read = ReadText(output)).WaitAsync(s_patience);

        Assert.Equal("hello world", read);
        Assert.Equal(new SupervisedProcessOutcome(SupervisedProcessEnd.Finished, 1, null), outcome);
        Assert.Equal(
            [SupervisedProcessState.Starting, SupervisedProcessState.Running, SupervisedProcessState.Stopped],
            _changes.All.Select(c => c.State));
        Assert.Equal(SupervisedProcessState.Stopped, process.State);
    }

    [Fact]
    public async Task A_program_that_finishes_but_wrote_errors_has_failed_when_error_output_means_failure()
    {
        SupervisedProcessOptions options = Options("/bin/sh", ["-c", "printf frames; echo 'partial file' >&2"]) with
        {
            FinishesOnSuccess = true,
            FailsOnErrorOutput = true,
            Restart = RestartPolicy.Never,
        };
        SupervisedProcess process = Supervise(options);

        SupervisedProcessOutcome outcome = await process.RunAsync(Drain).WaitAsync(s_patience);

        Assert.Equal(SupervisedProcessEnd.GaveUp, outcome.End);
        Assert.Equal("finished but reported errors: partial file", outcome.LastFailure!.Reason);
        Assert.Equal(0, outcome.LastFailure.ExitCode);
        Assert.True(outcome.LastFailure.DeliveredOutput);
    }

    [Fact]
    public async Task A_live_program_that_exits_is_restarted_after_a_back_off_that_doubles_up_to_the_maximum_and_then_given_up()
    {
        SupervisedProcessOptions options = Options("/bin/sh", ["-c", "echo 'camera unplugged' >&2; exit 3"]) with
        {
            Restart = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(3), Jitter = false, MaxRestarts = 3 },
        };
        SupervisedProcess process = Supervise(options);

        Task<SupervisedProcessOutcome> running = process.RunAsync(Drain);

        var delays = new List<TimeSpan>();
        for (int run = 1; run <= 3; run++)
        {
            Next(SupervisedProcessState.Starting, run);
            Next(SupervisedProcessState.Running, run);
            SupervisedProcessFailure failure = Next(SupervisedProcessState.Failed, run).Failure!;
            Assert.Equal(SupervisedProcessFailureKind.Exited, failure.Kind);
            Assert.Equal("exited with code 3: camera unplugged", failure.Reason);
            TimeSpan delay = Next(SupervisedProcessState.BackingOff, run + 1).Delay!.Value;
            delays.Add(delay);
            _time.AdvanceWhenArmed(delay);
        }

        Next(SupervisedProcessState.Starting, 4);
        Next(SupervisedProcessState.Running, 4);
        Next(SupervisedProcessState.Failed, 4);
        Assert.Equal(SupervisedProcessEnd.GaveUp, Next(SupervisedProcessState.Stopped, 4).End);
        SupervisedProcessOutcome outcome = await running.WaitAsync(s_patience);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], delays);
        Assert.Equal(SupervisedProcessEnd.GaveUp, outcome.End);
        Assert.Equal(4, outcome.Runs);
        Assert.Equal(3, outcome.LastFailure!.ExitCode);
        Assert.Equal("camera unplugged\n", outcome.LastFailure.StandardError);
    }

    [Fact]
    public async Task With_jitter_the_back_off_delays_are_spread_and_stay_within_the_maximum()
    {
        SupervisedProcessOptions options = Options("/bin/sh", ["-c", "exit 1"]) with
        {
            Restart = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8), Jitter = true, MaxRestarts = 6 },
        };
        SupervisedProcess process = Supervise(options);

        Task<SupervisedProcessOutcome> running = process.RunAsync(Drain);
        var delays = new List<TimeSpan>();
        for (int run = 2; run <= 7; run++)
        {
            TimeSpan delay = Next(SupervisedProcessState.BackingOff, run).Delay!.Value;
            delays.Add(delay);
            _time.AdvanceWhenArmed(delay);
        }

        await running.WaitAsync(s_patience);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(8)));
        TimeSpan[] withoutJitter = [.. new[] { 1, 2, 4, 8, 8, 8 }.Select(s => TimeSpan.FromSeconds(s))];
        Assert.NotEqual(withoutJitter, delays);
    }

    [Fact]
    public async Task A_program_that_writes_nothing_for_the_stall_timeout_is_killed_reported_as_stalled_and_restarted()
    {
        // cat waits for its standard input, which the supervisor keeps open and never writes: a stall without a sleep.
        SupervisedProcessOptions options = Options("cat", []) with
        {
            StallTimeout = TimeSpan.FromSeconds(5),
            Restart = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(2), Jitter = false },
        };
        SupervisedProcess process = Supervise(options);
        using var stop = new CancellationTokenSource();

        Task<SupervisedProcessOutcome> running = process.RunAsync(Drain, stop.Token);
        int firstCat = Next(SupervisedProcessState.Running, 1).ProcessId!.Value;
        Assert.True(ProcessTable.IsAlive(firstCat));
        _time.Advance(TimeSpan.FromSeconds(5));

        SupervisedProcessFailure failure = Next(SupervisedProcessState.Failed, 1).Failure!;
        Assert.Equal(SupervisedProcessFailureKind.Stalled, failure.Kind);
        Assert.Equal("stalled: no output for 5 s, killed", failure.Reason);
        Assert.False(failure.DeliveredOutput);
        Assert.False(ProcessTable.IsAlive(firstCat));

        _time.AdvanceWhenArmed(Next(SupervisedProcessState.BackingOff, 2).Delay!.Value);
        int secondCat = Next(SupervisedProcessState.Running, 2).ProcessId!.Value;
        stop.Cancel();

        SupervisedProcessOutcome outcome = await running.WaitAsync(s_patience);
        Assert.Equal(SupervisedProcessEnd.Cancelled, outcome.End);
        Assert.Equal(2, outcome.Runs);
        Assert.False(ProcessTable.IsAlive(secondCat));
        Assert.Equal(SupervisedProcessEnd.Cancelled, Next(SupervisedProcessState.Stopped, 2).End);
    }

    [Fact]
    public async Task Output_that_keeps_coming_is_not_a_stall()
    {
        string fifo = Fifo("more");
        SupervisedProcessOptions options = Options("/bin/sh", ["-c", "printf first; cat \"$0\"", fifo]) with
        {
            StallTimeout = TimeSpan.FromSeconds(5),
            FinishesOnSuccess = true,
        };
        SupervisedProcess process = Supervise(options);
        using var firstArrived = new ManualResetEventSlim();
        var read = new StringBuilder();

        Task<SupervisedProcessOutcome> running = process.RunAsync(output =>
        {
            byte[] buffer = new byte[64];
            int n;
            while ((n = output.Read(buffer)) > 0)
            {
                read.Append(Encoding.ASCII.GetString(buffer, 0, n));
                firstArrived.Set();
            }
        });

        Assert.True(firstArrived.Wait(s_patience));
        _time.Advance(TimeSpan.FromSeconds(4));
        File.WriteAllText(fifo, "second");
        SupervisedProcessOutcome outcome = await running.WaitAsync(s_patience);

        Assert.Equal(SupervisedProcessEnd.Finished, outcome.End);
        Assert.Equal("firstsecond", read.ToString());
    }

    [Fact]
    public async Task A_run_that_was_healthy_for_a_while_is_restarted_at_once_and_its_next_failure_backs_off_from_the_start()
    {
        // Run 1 fails at once; run 2 delivers, is healthy for 10 s, then ends; run 3 fails at once.
        string fifo = Fifo("later");
        const string script = """
            cd "$1" || exit 9
            n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count
            if [ "$n" = 1 ]; then printf early; cat "$0"; else exit 1; fi
            """;
        SupervisedProcessOptions options = Options("/bin/sh", ["-c", script, fifo, _folder]) with
        {
            Restart = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(1), Jitter = false, StableAfter = TimeSpan.FromSeconds(10) },
        };
        SupervisedProcess process = Supervise(options);
        using var delivered = new ManualResetEventSlim();
        using var stop = new CancellationTokenSource();

        Task<SupervisedProcessOutcome> running = process.RunAsync(
            output =>
            {
                byte[] buffer = new byte[64];
                while (output.Read(buffer) > 0)
                {
                    delivered.Set();
                }
            },
            stop.Token);

        Next(SupervisedProcessState.Failed, 1);
        Assert.Equal(TimeSpan.FromSeconds(1), Next(SupervisedProcessState.BackingOff, 2).Delay);
        _time.AdvanceWhenArmed(TimeSpan.FromSeconds(1));
        Assert.True(delivered.Wait(s_patience));
        _time.Advance(TimeSpan.FromSeconds(10));
        File.WriteAllText(fifo, "late");

        Assert.Equal("ended (exit code 0) but should run on", Next(SupervisedProcessState.Failed, 2).Failure!.Reason);
        Next(SupervisedProcessState.Starting, 3);
        Next(SupervisedProcessState.Running, 3);
        Next(SupervisedProcessState.Failed, 3);
        Assert.Equal(TimeSpan.FromSeconds(1), Next(SupervisedProcessState.BackingOff, 4).Delay);

        stop.Cancel();
        Assert.Equal(SupervisedProcessEnd.Cancelled, (await running.WaitAsync(s_patience)).End);
    }

    [Fact]
    public async Task A_first_run_that_fails_before_any_output_ends_supervision_at_once_when_it_must_deliver()
    {
        SupervisedProcessOptions options = Options("/bin/sh", ["-c", "echo '/dev/video7: No such file or directory' >&2; exit 1"]) with
        {
            FirstRunMustDeliver = true,
        };
        SupervisedProcess process = Supervise(options);

        SupervisedProcessOutcome outcome = await process.RunAsync(Drain).WaitAsync(s_patience);

        Assert.Equal(SupervisedProcessEnd.GaveUp, outcome.End);
        Assert.Equal(1, outcome.Runs);
        Assert.Equal("exited with code 1: /dev/video7: No such file or directory", outcome.LastFailure!.Reason);
        Assert.DoesNotContain(_changes.All, c => c.State == SupervisedProcessState.BackingOff);
    }

    [Fact]
    public async Task A_program_that_cannot_be_started_is_a_failure_in_the_outcome_not_an_exception()
    {
        SupervisedProcess process = Supervise(Options("/nonexistent/edgemer-capture", ["-x"]) with { Restart = RestartPolicy.Never });

        SupervisedProcessOutcome outcome = await process.RunAsync(Drain).WaitAsync(s_patience);

        Assert.Equal(SupervisedProcessEnd.GaveUp, outcome.End);
        Assert.Equal(SupervisedProcessFailureKind.CouldNotStart, outcome.LastFailure!.Kind);
        Assert.StartsWith("cannot start /nonexistent/edgemer-capture -x: ", outcome.LastFailure.Reason, StringComparison.Ordinal);
        Assert.Null(outcome.LastFailure.ExitCode);
    }

    [Fact]
    public async Task Cancelling_kills_the_program_and_everything_it_started()
    {
        // tail, started by the shell, holds the output pipe: the reader sees its end only when both are gone.
        SupervisedProcess process = Supervise(Options("/bin/sh", ["-c", "tail -f /dev/null & echo $!; wait"]));
        using var stop = new CancellationTokenSource();
        var tailPid = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<SupervisedProcessOutcome> running = process.RunAsync(
            output =>
            {
                using var reader = new StreamReader(output);
                tailPid.SetResult(int.Parse(reader.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture));
                reader.ReadToEnd();
            },
            stop.Token);
        int tail = await tailPid.Task.WaitAsync(s_patience);
        Assert.True(ProcessTable.IsAlive(tail));
        stop.Cancel();

        SupervisedProcessOutcome outcome = await running.WaitAsync(s_patience);
        Assert.Equal(SupervisedProcessEnd.Cancelled, outcome.End);
        Assert.Null(outcome.LastFailure);
        Assert.False(ProcessTable.IsAlive(tail));
    }

    [Fact]
    public async Task An_exception_from_the_reader_kills_the_program_and_propagates()
    {
        SupervisedProcess process = Supervise(Options("cat", []));

        var thrown = await Assert.ThrowsAsync<FormatException>(() => process.RunAsync(_ => throw new FormatException("bad frame header")).WaitAsync(s_patience));

        Assert.Equal("bad frame header", thrown.Message);
        Assert.False(ProcessTable.IsAlive(Assert.Single(_changes.All, c => c.State == SupervisedProcessState.Running).ProcessId!.Value));
        Assert.Equal(SupervisedProcessState.Stopped, process.State);
    }

    [Fact]
    public async Task A_state_handler_that_throws_ends_supervision_and_the_program_with_it()
    {
        // tail -f does not read its standard input, so closing that does not end it: only a kill does.
        SupervisedProcess process = Supervise(Options("tail", ["-f", "/dev/null"]));
        int? pid = null;
        process.StateChanged += (_, change) =>
        {
            if (change.State == SupervisedProcessState.Running)
            {
                pid = change.ProcessId;
                throw new InvalidOperationException("health sink is gone");
            }
        };

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => process.RunAsync(Drain).WaitAsync(s_patience));

        Assert.Equal("health sink is gone", thrown.Message);
        Assert.False(ProcessTable.IsAlive(pid!.Value));
    }

    [Fact]
    public async Task Standard_error_is_read_all_along_and_only_its_end_is_kept()
    {
        const string script = "head -c 100000 /dev/zero | tr '\\0' e >&2; printf '\\nthe last words\\n' >&2; printf done; exit 2";
        SupervisedProcess process = Supervise(Options("/bin/sh", ["-c", script]) with { Restart = RestartPolicy.Never, StandardErrorTailBytes = 4096 });
        string? read = null;

        SupervisedProcessOutcome outcome = await process.RunAsync(output => read = ReadText(output)).WaitAsync(s_patience);

        Assert.Equal("done", read);
        Assert.Equal(4096, outcome.LastFailure!.StandardError.Length);
        Assert.EndsWith("eeee\nthe last words\n", outcome.LastFailure.StandardError, StringComparison.Ordinal);
        Assert.True(outcome.LastFailure.DeliveredOutput);
        Assert.EndsWith("eeee | the last words", outcome.LastFailure.Reason, StringComparison.Ordinal);
        Assert.InRange(outcome.LastFailure.Reason.Length, 1, 1100);
    }

    [Fact]
    public async Task A_second_supervision_of_the_same_instance_is_refused_while_one_runs()
    {
        SupervisedProcess process = Supervise(Options("cat", []));
        using var stop = new CancellationTokenSource();
        Task<SupervisedProcessOutcome> running = process.RunAsync(Drain, stop.Token);
        Next(SupervisedProcessState.Running, 1);

        InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(() => process.RunAsync(Drain));

        Assert.Contains("test program", refused.Message, StringComparison.Ordinal);
        stop.Cancel();
        Assert.Equal(SupervisedProcessEnd.Cancelled, (await running.WaitAsync(s_patience)).End);
    }

    [Theory]
    [InlineData("StallTimeout")]
    [InlineData("InitialDelay")]
    [InlineData("MaxDelay")]
    [InlineData("MaxRestarts")]
    [InlineData("StandardErrorTailBytes")]
    public void Options_out_of_range_are_refused_naming_the_option(string option)
    {
        SupervisedProcessOptions options = Options("cat", []);
        options = option switch
        {
            "StallTimeout" => options with { StallTimeout = TimeSpan.Zero },
            "InitialDelay" => options with { Restart = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(-1) } },
            "MaxDelay" => options with { Restart = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) } },
            "MaxRestarts" => options with { Restart = new RestartPolicy { MaxRestarts = -1 } },
            _ => options with { StandardErrorTailBytes = 10 },
        };

        ArgumentException refused = Assert.Throws<ArgumentException>(() => new SupervisedProcess(options, _time));

        Assert.Contains(option, refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("test program: ", refused.Message, StringComparison.Ordinal);
    }

    private static SupervisedProcessOptions Options(string fileName, string[] arguments) => new()
    {
        Name = "test program",
        FileName = fileName,
        Arguments = arguments,
        StallTimeout = s_never,
    };

    private SupervisedProcess Supervise(SupervisedProcessOptions options)
    {
        var process = new SupervisedProcess(options, _time);
        process.StateChanged += _changes.Record;
        return process;
    }

    private SupervisedProcessStateChange Next(SupervisedProcessState state, int run)
    {
        SupervisedProcessStateChange change = _changes.Next(state, run);
        Assert.Equal("test program", change.Name);
        return change;
    }

    private string Fifo(string name)
    {
        string path = Path.Combine(_folder, name);
        ExternalProgram.Run("mkfifo", [path], s_patience).EnsureSuccess("mkfifo");
        return path;
    }

    private static string ReadText(Stream output)
    {
        using var reader = new StreamReader(output);
        return reader.ReadToEnd();
    }

    private static void Drain(Stream output) => output.CopyTo(Stream.Null);
}
