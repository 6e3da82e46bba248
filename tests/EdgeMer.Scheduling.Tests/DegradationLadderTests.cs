using EdgeMer.Scheduling;

namespace EdgeMer.Scheduling.Tests;

/// <summary>The ladder on scripted latencies against a 100 ms budget.</summary>
public sealed class DegradationLadderTests
{
    private static readonly TimeSpan s_budget = TimeSpan.FromMilliseconds(100);

    private static Degradation[] Run(DegradationLadder ladder, params int[] milliseconds) =>
        milliseconds.Select(ms => ladder.Evaluate(TimeSpan.FromMilliseconds(ms))).ToArray();

    [Fact]
    public void Three_periods_over_budget_step_down_one_rung_and_ten_well_under_climb_back()
    {
        var ladder = new DegradationLadder(s_budget, [Degradation.LowerRates, Degradation.PauseModality]);

        Degradation[] down = Run(ladder, 150, 150, 150);
        Degradation[] held = Run(ladder, 60, 60, 60, 60, 60, 60, 60, 60, 60);
        Degradation up = ladder.Evaluate(TimeSpan.FromMilliseconds(60));

        Assert.Equal([Degradation.None, Degradation.None, Degradation.LowerRates], down);
        Assert.All(held, level => Assert.Equal(Degradation.LowerRates, level));
        Assert.Equal(Degradation.None, up);
    }

    [Fact]
    public void Rungs_the_device_cannot_take_are_skipped_and_past_the_last_one_the_ladder_is_exhausted()
    {
        var ladder = new DegradationLadder(s_budget, [Degradation.LowerRates, Degradation.PauseModality]);

        Run(ladder, 150, 150, 150);
        Degradation second = Run(ladder, 150, 150, 150)[^1];
        bool exhaustedBefore = ladder.Exhausted;
        Run(ladder, 150, 150, 150);

        Assert.Equal(Degradation.PauseModality, second);
        Assert.False(exhaustedBefore);
        Assert.True(ladder.Exhausted);
        Assert.Equal(Degradation.PauseModality, ladder.Level);
    }

    [Fact]
    public void A_latency_between_seventy_percent_and_the_budget_holds_the_rung_and_breaks_both_counts()
    {
        var ladder = new DegradationLadder(s_budget, [Degradation.LowerRates]);

        // Two over, one near the budget, two over: never three in a row.
        Degradation[] levels = Run(ladder, 150, 150, 90, 150, 150, 90);

        Assert.All(levels, level => Assert.Equal(Degradation.None, level));
    }

    [Fact]
    public void With_no_rung_to_take_the_ladder_reports_exhaustion_until_the_latency_is_back_under_budget()
    {
        var ladder = new DegradationLadder(s_budget, []);

        Run(ladder, 150, 150, 150);
        bool exhausted = ladder.Exhausted;
        ladder.Evaluate(TimeSpan.FromMilliseconds(50));

        Assert.True(exhausted);
        Assert.False(ladder.Exhausted);
        Assert.Equal(Degradation.None, ladder.Level);
    }
}
