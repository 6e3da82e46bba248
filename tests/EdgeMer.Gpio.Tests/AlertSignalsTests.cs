using System.Device.Gpio;
using EdgeMer.Affect;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMer.Gpio.Tests;

public sealed class AlertSignalsTests : IDisposable
{
    private const int Led = 27;
    private const int Buzzer = 22;
    private static readonly TimeSpan s_hold = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeGpioDriver _driver;
    private readonly GpioController _controller;

    public AlertSignalsTests()
    {
        _driver = new FakeGpioDriver(_time);
        _controller = new GpioController(_driver);
    }

    public void Dispose() => _controller.Dispose();

    [Fact]
    public void Both_outputs_start_off()
    {
        using AlertSignals signals = Start();

        Assert.Equal(PinMode.Output, _driver.ModeOf(Led));
        Assert.Equal(PinMode.Output, _driver.ModeOf(Buzzer));
        Assert.Equal(PinValue.Low, _driver.LevelOf(Led));
        Assert.Equal(PinValue.Low, _driver.LevelOf(Buzzer));
    }

    [Fact]
    public void The_LED_is_lit_from_an_alert_until_the_hold_after_the_newest_one()
    {
        using AlertSignals signals = Start();

        signals.Signal(Alert(AlertKind.Distress, AlertSeverity.Warning, AlertReason.SustainedNegativeAffect));
        Assert.Equal(PinValue.High, _driver.LevelOf(Led));

        _time.Advance(TimeSpan.FromSeconds(20));
        signals.Signal(Alert(AlertKind.SensorLost, AlertSeverity.Warning, AlertReason.ModalityStale));
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(PinValue.High, _driver.LevelOf(Led));

        _time.Advance(s_hold - TimeSpan.FromSeconds(20));
        Assert.Equal(PinValue.Low, _driver.LevelOf(Led));
    }

    [Fact]
    public void A_critical_safety_alert_beeps_three_times()
    {
        using AlertSignals signals = Start();

        signals.Signal(Alert(AlertKind.Drowsiness, AlertSeverity.Critical, AlertReason.EyesClosedTooLong));
        Wait(TimeSpan.FromSeconds(5));

        Assert.Equal(Beeps(3), BuzzerEdges());
    }

    [Fact]
    public void A_warning_safety_alert_beeps_once()
    {
        using AlertSignals signals = Start();

        signals.Signal(Alert(AlertKind.Distraction, AlertSeverity.Warning, AlertReason.LookingAway));
        Wait(TimeSpan.FromSeconds(5));

        Assert.Equal(Beeps(1), BuzzerEdges());
    }

    [Theory]
    [InlineData(AlertKind.Distress, AlertReason.SustainedNegativeAffect)]
    [InlineData(AlertKind.SensorLost, AlertReason.ModalityStale)]
    [InlineData(AlertKind.OverBudget, AlertReason.LatencyOverBudget)]
    [InlineData(AlertKind.Drowsiness, AlertReason.GroupDrowsiness)]
    [InlineData(AlertKind.Distraction, AlertReason.GroupDistraction)]
    public void Alerts_that_are_not_one_persons_safety_light_the_LED_and_leave_the_buzzer_silent(AlertKind kind, AlertReason reason)
    {
        using AlertSignals signals = Start();

        signals.Signal(Alert(kind, AlertSeverity.Warning, reason));
        Wait(TimeSpan.FromSeconds(5));

        Assert.Equal(PinValue.High, _driver.LevelOf(Led));
        Assert.Empty(BuzzerEdges());
    }

    [Fact]
    public void Clearing_turns_the_LED_and_a_beeping_buzzer_off_at_once_and_for_good()
    {
        using AlertSignals signals = Start();
        signals.Signal(Alert(AlertKind.Drowsiness, AlertSeverity.Critical, AlertReason.EyesClosedTooLong));

        signals.Clear();
        Wait(TimeSpan.FromSeconds(5));

        Assert.Equal(PinValue.Low, _driver.LevelOf(Led));
        Assert.Equal(PinValue.Low, _driver.LevelOf(Buzzer));
        Assert.Equal([true, false], BuzzerEdges().Select(e => e.On));
    }

    [Fact]
    public void Disposing_leaves_both_outputs_off()
    {
        AlertSignals signals = Start();
        signals.Signal(Alert(AlertKind.Drowsiness, AlertSeverity.Critical, AlertReason.EyesClosedTooLong));

        signals.Dispose();
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(PinValue.Low, _driver.LevelOf(Led));
        Assert.Equal(PinValue.Low, _driver.LevelOf(Buzzer));
    }

    [Fact]
    public void Active_low_outputs_are_driven_high_when_off()
    {
        using AlertSignals signals = Start(activeLevel: PinValue.Low);

        Assert.Equal(PinValue.High, _driver.LevelOf(Led));
        signals.Signal(Alert(AlertKind.Drowsiness, AlertSeverity.Warning, AlertReason.SleepinessLevel));
        Assert.Equal(PinValue.Low, _driver.LevelOf(Led));
        Assert.Equal(PinValue.Low, _driver.LevelOf(Buzzer));
    }

    [Fact]
    public void Only_the_outputs_that_are_wired_are_opened()
    {
        using var signals = new AlertSignals(_controller, new AlertOutputSettings { LedLine = Led }, _time, NullLogger<AlertSignals>.Instance);
        signals.Start();

        signals.Signal(Alert(AlertKind.Drowsiness, AlertSeverity.Critical, AlertReason.EyesClosedTooLong));
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(_driver.IsOpen(Led));
        Assert.False(_driver.IsOpen(Buzzer));
    }

    private static Alert Alert(AlertKind kind, AlertSeverity severity, AlertReason reason)
        => new(DateTimeOffset.UnixEpoch, kind, severity, reason, null, 2f, 1f);

    /// <summary>The buzzer's pattern for <paramref name="beeps"/> beeps: on and off, each for <see cref="AlertSignals.Beep"/>, from the alert's time.</summary>
    private static List<(bool On, TimeSpan After)> Beeps(int beeps)
    {
        var edges = new List<(bool, TimeSpan)>();
        for (int i = 0; i < 2 * beeps; i++)
        {
            edges.Add((i % 2 == 0, AlertSignals.Beep * i));
        }

        return edges;
    }

    /// <summary>The buzzer's writes after the initial off: whether on, and when after the first.</summary>
    private List<(bool On, TimeSpan After)> BuzzerEdges()
    {
        var writes = _driver.Writes.Where(w => w.Line == Buzzer).Skip(1).ToList();
        return [.. writes.Select(w => (w.Level == PinValue.High, w.At - writes[0].At))];
    }

    /// <summary>Lets <paramref name="span"/> pass in 10 ms steps, so each timer fires at its own time.</summary>
    private void Wait(TimeSpan span)
    {
        for (TimeSpan waited = TimeSpan.Zero; waited < span; waited += TimeSpan.FromMilliseconds(10))
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    private AlertSignals Start(PinValue? activeLevel = null)
    {
        PinValue active = activeLevel ?? PinValue.High;
        var signals = new AlertSignals(
            _controller,
            new AlertOutputSettings { LedLine = Led, LedActiveLevel = active, BuzzerLine = Buzzer, BuzzerActiveLevel = active, LedHold = s_hold },
            _time,
            NullLogger<AlertSignals>.Instance);
        signals.Start();
        return signals;
    }
}
