using EdgeMer.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMer.Scheduling.Tests;

/// <summary>
/// The budget kept on a scripted device: frames at 10 per second whose capture-to-observation latency
/// depends on the rung in force and on whether something else loads the cores, on a fake clock.
/// </summary>
public sealed class BudgetKeeperTests
{
    private static readonly TimeSpan s_budget = TimeSpan.FromMilliseconds(100);

    // Milliseconds per frame at each rung: under a competing load, and without it.
    private static readonly Dictionary<Degradation, int> s_loaded = new() { [Degradation.None] = 140, [Degradation.LowerRates] = 115, [Degradation.PauseModality] = 85 };
    private static readonly Dictionary<Degradation, int> s_idle = new() { [Degradation.None] = 55, [Degradation.LowerRates] = 45, [Degradation.PauseModality] = 35 };
    private static readonly Dictionary<Degradation, int> s_overwhelmed = new() { [Degradation.None] = 300, [Degradation.LowerRates] = 250, [Degradation.PauseModality] = 200 };

    private readonly FakeTimeProvider _time = new();
    private readonly StageMeter _latency;
    private readonly BudgetKeeper _keeper;
    private readonly List<BudgetDecision> _decisions = [];

    public BudgetKeeperTests()
    {
        _latency = new StageMeter("face.latency", _time, deadline: s_budget);
        _keeper = new BudgetKeeper(_latency, new DegradationLadder(s_budget, [Degradation.LowerRates, Degradation.PauseModality]), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Under_load_it_steps_down_until_the_p99_is_inside_the_budget_and_climbs_back_when_the_load_goes()
    {
        Run(seconds: 30, s_loaded);

        // Three periods over budget per rung: lower rates after 3 s, the body paused after 6 s, then it holds.
        Assert.Equal([(Degradation.None, Degradation.LowerRates), (Degradation.LowerRates, Degradation.PauseModality)], Changes());
        Assert.Equal(Degradation.PauseModality, _keeper.Ladder.Level);
        Assert.True(_latency.Snapshot(TimeSpan.FromSeconds(10)).P99 <= s_budget, "the last 10 s under load are over budget");
        Assert.DoesNotContain(_decisions, d => d.NewlyExhausted);

        _decisions.Clear();
        Run(seconds: 25, s_idle);

        // Ten periods under 70 % of the budget per rung climb back, one rung at a time.
        Assert.Equal([(Degradation.PauseModality, Degradation.LowerRates), (Degradation.LowerRates, Degradation.None)], Changes());
        Assert.Equal(Degradation.None, _keeper.Ladder.Level);
    }

    [Fact]
    public void A_spike_every_two_and_a_half_seconds_is_the_p99_a_subscriber_sees_and_steps_the_ladder_down()
    {
        // 60 ms frames with one of 190 ms every 25 frames: most single seconds hold no spike at all.
        for (int frame = 0; frame < 100; frame++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            _latency.Record(TimeSpan.FromMilliseconds(frame % 25 == 24 ? 190 : 60));
            if (_keeper.Tick() is { } decision)
            {
                _decisions.Add(decision);
            }
        }

        Assert.True(_latency.Snapshot(TimeSpan.FromSeconds(10)).P99 > s_budget);
        Assert.Equal((Degradation.None, Degradation.LowerRates), Changes()[0]);
    }

    [Fact]
    public void With_no_rung_left_and_the_latency_still_over_budget_it_says_so_once_until_the_latency_is_back()
    {
        Run(seconds: 30, s_overwhelmed);

        Assert.Single(_decisions, d => d.NewlyExhausted);
        Assert.True(_keeper.Ladder.Exhausted);

        Run(seconds: 7, s_idle);
        Run(seconds: 10, s_overwhelmed);

        // Back under budget for longer than a judgement looks back, then over again: a new episode, said once more.
        Assert.Equal(2, _decisions.Count(d => d.NewlyExhausted));
    }

    [Fact]
    public void A_period_in_which_no_frame_finished_is_not_judged_and_the_rung_holds()
    {
        Run(seconds: 5, s_loaded);
        Degradation level = _keeper.Ladder.Level;

        for (int i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Null(_keeper.Tick());
        }

        Assert.Equal(level, _keeper.Ladder.Level);
        Assert.NotEqual(Degradation.None, level);
    }

    [Fact]
    public void A_frame_captured_before_the_ladder_moved_is_not_judged_against_the_rung_it_moved_to()
    {
        Run(seconds: 3, s_loaded);
        Assert.Equal(Degradation.LowerRates, _keeper.Ladder.Level);

        // The frame in flight as the ladder moved ends 100 ms after, 250 ms after its capture; the lower
        // rates then hold every frame at 80 ms, inside the budget but not well under it.
        _decisions.Clear();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _latency.Record(TimeSpan.FromMilliseconds(250));
        Assert.Null(_keeper.Tick());
        Run(seconds: 10, new() { [Degradation.LowerRates] = 80, [Degradation.PauseModality] = 60 });

        // Judged with that frame, each of the next five seconds would be over budget and the body paused.
        Assert.Empty(Changes());
        Assert.Equal(Degradation.LowerRates, _keeper.Ladder.Level);
    }

    [Fact]
    public void After_a_restart_only_frames_captured_once_the_new_models_settled_are_judged_and_a_full_run_is_needed_to_step()
    {
        // Judged on one period's frames alone, so each second's frames count once.
        var keeper = new BudgetKeeper(_latency, new DegradationLadder(s_budget, [Degradation.LowerRates, Degradation.PauseModality]), TimeSpan.FromSeconds(1), window: TimeSpan.FromSeconds(1));
        Run(keeper, seconds: 3, s_loaded);
        Assert.Equal(Degradation.LowerRates, keeper.Ladder.Level);

        // Two seconds while new models load on the same cores, judged as they come: every frame far over
        // budget, two judgements over it in a row. Then the models are in place and the keeper restarts.
        _decisions.Clear();
        Run(keeper, seconds: 2, new() { [Degradation.LowerRates] = 400 });
        Assert.Empty(Changes());
        keeper.Restart(settle: TimeSpan.FromMilliseconds(500));

        // The new models' first three runs are slow: frames captured 50, 100 and 150 ms after the restart
        // take 300 ms each. A tick soon after the restart judges nothing.
        _time.Advance(TimeSpan.FromMilliseconds(350));
        for (int frame = 0; frame < 3; frame++)
        {
            _latency.Record(TimeSpan.FromMilliseconds(300));
            _time.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.Null(keeper.Tick());

        // One second just over the budget (with the two before the restart, a third in a row), then the
        // rung holds every frame at 80 ms.
        Run(keeper, seconds: 1, new() { [Degradation.LowerRates] = 101 });
        Run(keeper, seconds: 10, new() { [Degradation.LowerRates] = 80, [Degradation.PauseModality] = 60 });

        Assert.Empty(Changes());
        Assert.Equal(Degradation.LowerRates, keeper.Ladder.Level);
        Assert.DoesNotContain(_decisions.Skip(2), d => d.P99 > TimeSpan.FromMilliseconds(110));
    }

    [Fact]
    public void Where_lower_rates_are_not_enough_smaller_frames_keep_the_budget_before_the_body_is_paused_and_it_climbs_back_through_them()
    {
        // The scripted device: lower rates save a little, half-size frames enough; the body is never paused.
        Dictionary<Degradation, int> loaded = new() { [Degradation.None] = 140, [Degradation.LowerRates] = 120, [Degradation.SmallerInput] = 80, [Degradation.PauseModality] = 60 };
        Dictionary<Degradation, int> idle = new() { [Degradation.None] = 50, [Degradation.LowerRates] = 45, [Degradation.SmallerInput] = 35, [Degradation.PauseModality] = 30 };
        var keeper = new BudgetKeeper(_latency, new DegradationLadder(s_budget, [Degradation.LowerRates, Degradation.SmallerInput, Degradation.PauseModality]), TimeSpan.FromSeconds(1));

        Run(keeper, seconds: 30, loaded);

        Assert.Equal([(Degradation.None, Degradation.LowerRates), (Degradation.LowerRates, Degradation.SmallerInput)], Changes());
        Assert.True(_latency.Snapshot(TimeSpan.FromSeconds(10)).P99 <= s_budget, "the last 10 s under load are over budget");

        _decisions.Clear();
        Run(keeper, seconds: 25, idle);

        Assert.Equal([(Degradation.SmallerInput, Degradation.LowerRates), (Degradation.LowerRates, Degradation.None)], Changes());
    }

    private void Run(int seconds, Dictionary<Degradation, int> milliseconds) => Run(_keeper, seconds, milliseconds);

    // Ten frames a second, each frame's latency the script's for the rung in force (plus 0-2 ms of
    // jitter), the keeper asked after each frame as the service's fusion tick would.
    private void Run(BudgetKeeper keeper, int seconds, Dictionary<Degradation, int> milliseconds)
    {
        for (int frame = 0; frame < seconds * 10; frame++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            _latency.Record(TimeSpan.FromMilliseconds(milliseconds[keeper.Ladder.Level] + (frame % 3)));
            if (keeper.Tick() is { } decision)
            {
                _decisions.Add(decision);
            }
        }
    }

    private List<(Degradation, Degradation)> Changes() => [.. _decisions.Where(d => d.Changed).Select(d => (d.Before, d.After))];
}
