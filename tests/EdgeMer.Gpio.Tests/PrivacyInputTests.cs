using System.Device.Gpio;
using EdgeMer.Affect;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMer.Gpio.Tests;

public sealed class PrivacyInputTests : IDisposable
{
    private const int Line = 17;
    private static readonly TimeSpan s_debounce = TimeSpan.FromMilliseconds(50);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeGpioDriver _driver;
    private readonly GpioController _controller;
    private readonly PrivacySwitch _privacy = new();
    private readonly List<PrivacyState> _moves = [];

    public PrivacyInputTests()
    {
        _driver = new FakeGpioDriver(_time);
        _controller = new GpioController(_driver);
        _privacy.StateChanged += (_, state) => _moves.Add(state);
    }

    public void Dispose() => _controller.Dispose();

    [Fact]
    public void A_bouncing_switch_pauses_once_when_it_has_held_its_new_level_for_the_debounce_time()
    {
        using GpioPrivacyInput input = Start(PrivacyInputKind.Switch);

        // The contact closes (active low) and bounces for 8 ms.
        _driver.Drive(Line, PinValue.Low);
        _time.Advance(TimeSpan.FromMilliseconds(3));
        _driver.Drive(Line, PinValue.High);
        _time.Advance(TimeSpan.FromMilliseconds(2));
        _driver.Drive(Line, PinValue.Low);
        _time.Advance(TimeSpan.FromMilliseconds(3));
        _driver.Drive(Line, PinValue.High);
        _driver.Drive(Line, PinValue.Low);

        _time.Advance(s_debounce - TimeSpan.FromMilliseconds(1));
        Assert.Equal(PrivacyState.Capturing, _privacy.State);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(PrivacyState.Paused, _privacy.State);
        Assert.Equal([PrivacyState.Paused], _moves);
        Assert.True(input.IsActive);
    }

    [Fact]
    public void A_glitch_shorter_than_the_debounce_time_moves_nothing()
    {
        using GpioPrivacyInput input = Start(PrivacyInputKind.Switch);

        _driver.Drive(Line, PinValue.Low);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        _driver.Drive(Line, PinValue.High);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(PrivacyState.Capturing, _privacy.State);
        Assert.Empty(_moves);
    }

    [Fact]
    public void Turning_the_switch_off_resumes_capture()
    {
        using GpioPrivacyInput input = Start(PrivacyInputKind.Switch);
        _driver.Drive(Line, PinValue.Low);
        _time.Advance(s_debounce);

        _driver.Drive(Line, PinValue.High);
        _time.Advance(s_debounce);

        Assert.Equal([PrivacyState.Paused, PrivacyState.Capturing], _moves);
        Assert.Equal(PrivacyState.Capturing, _privacy.State);
    }

    [Fact]
    public void A_switch_that_is_on_when_the_input_starts_pauses_capture_at_once()
    {
        _driver.Drive(Line, PinValue.Low);

        using GpioPrivacyInput input = Start(PrivacyInputKind.Switch);

        Assert.Equal(PrivacyState.Paused, _privacy.State);
    }

    [Fact]
    public void A_switch_that_is_off_at_start_leaves_a_remembered_pause_alone()
    {
        _privacy.SwitchTo(PrivacyState.Paused);
        _moves.Clear();

        using GpioPrivacyInput input = Start(PrivacyInputKind.Switch);

        Assert.Equal(PrivacyState.Paused, _privacy.State);
        Assert.Empty(_moves);
    }

    [Fact]
    public void A_resume_command_holds_until_the_switch_moves_again()
    {
        using GpioPrivacyInput input = Start(PrivacyInputKind.Switch);
        _driver.Drive(Line, PinValue.Low);
        _time.Advance(s_debounce);

        _privacy.SwitchTo(PrivacyState.Capturing);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(PrivacyState.Capturing, _privacy.State);

        _driver.Drive(Line, PinValue.High);
        _time.Advance(s_debounce);
        _driver.Drive(Line, PinValue.Low);
        _time.Advance(s_debounce);
        Assert.Equal(PrivacyState.Paused, _privacy.State);
    }

    [Fact]
    public void A_button_toggles_on_each_press_and_not_on_release()
    {
        using GpioPrivacyInput input = Start(PrivacyInputKind.Button);

        Press();
        Assert.Equal(PrivacyState.Paused, _privacy.State);
        Release();
        Assert.Equal(PrivacyState.Paused, _privacy.State);
        Press();
        Release();

        Assert.Equal(PrivacyState.Capturing, _privacy.State);
        Assert.Equal([PrivacyState.Paused, PrivacyState.Capturing], _moves);
    }

    [Fact]
    public void The_line_is_an_input_with_the_configured_pull_resistor()
    {
        using GpioPrivacyInput input = Start(PrivacyInputKind.Switch, LineBias.PullDown, PinValue.High);

        Assert.Equal(PinMode.InputPullDown, _driver.ModeOf(Line));
        _driver.Drive(Line, PinValue.High);
        _time.Advance(s_debounce);
        Assert.Equal(PrivacyState.Paused, _privacy.State);
    }

    [Fact]
    public void After_dispose_edges_move_nothing_and_nothing_listens()
    {
        GpioPrivacyInput input = Start(PrivacyInputKind.Switch);
        input.Dispose();

        _driver.Drive(Line, PinValue.Low);
        _time.Advance(s_debounce);

        Assert.Equal(PrivacyState.Capturing, _privacy.State);
        Assert.Equal(0, _driver.CallbackCount(Line));
    }

    [Fact]
    public void A_debounce_time_outside_its_range_is_refused()
    {
        var settings = new PrivacyInputSettings { Line = Line, Debounce = TimeSpan.FromSeconds(5) };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GpioPrivacyInput(_controller, settings, _privacy, _time, NullLogger<GpioPrivacyInput>.Instance));
        Assert.Contains("debounce", e.Message, StringComparison.Ordinal);
    }

    private GpioPrivacyInput Start(PrivacyInputKind kind, LineBias bias = LineBias.PullUp, PinValue? active = null)
    {
        var input = new GpioPrivacyInput(
            _controller,
            new PrivacyInputSettings { Line = Line, Kind = kind, Bias = bias, ActiveLevel = active ?? PinValue.Low, Debounce = s_debounce },
            _privacy,
            _time,
            NullLogger<GpioPrivacyInput>.Instance);
        input.Start();
        return input;
    }

    private void Press()
    {
        _driver.Drive(Line, PinValue.Low);
        _time.Advance(s_debounce);
    }

    private void Release()
    {
        _driver.Drive(Line, PinValue.High);
        _time.Advance(s_debounce);
    }
}
