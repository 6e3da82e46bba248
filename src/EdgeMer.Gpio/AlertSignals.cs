using System.Device.Gpio;
using EdgeMer.Affect;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Gpio;

/// <summary>
/// Drives the alert outputs from the alerts the fuser raises. The LED lights on any alert and stays lit
/// until <see cref="AlertOutputSettings.LedHold"/> after the newest one (the fuser raises one alert when
/// an episode starts and publishes no end, so an episode that goes on keeps the LED lit only if it is
/// raised again). The buzzer sounds only for safety alerts, the drowsiness and distraction of one
/// person: three beeps for a critical one (eyes closed too long), one for a warning; a group's alerts,
/// distress, a lost sensor and a missed budget light the LED only. Pausing the privacy switch turns
/// both off, as it holds alerts back from the wire.
/// </summary>
public sealed partial class AlertSignals : IDisposable
{
    /// <summary>How long each beep and each gap of a pattern lasts.</summary>
    public static readonly TimeSpan Beep = TimeSpan.FromMilliseconds(250);

    private readonly GpioController _controller;
    private readonly AlertOutputSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ITimer? _ledTimer;
    private ITimer? _buzzerTimer;
    private int _beepEdgesLeft;
    private bool _buzzerOn;
    private bool _disposed;

    public AlertSignals(GpioController controller, AlertOutputSettings settings, TimeProvider time, ILogger<AlertSignals> logger)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (settings.LedHold < AlertOutputSettings.MinimumLedHold || settings.LedHold > AlertOutputSettings.MaximumLedHold)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.LedHold, $"the LED's hold must be {AlertOutputSettings.MinimumLedHold}..{AlertOutputSettings.MaximumLedHold}");
        }

        _controller = controller;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>How many beeps a safety alert of <paramref name="severity"/> sounds.</summary>
    public static int BeepsFor(AlertSeverity severity) => severity == AlertSeverity.Critical ? 3 : 1;

    /// <summary>Whether <paramref name="alert"/> sounds the buzzer: one person's drowsiness or distraction.</summary>
    public static bool IsSafetyAlert(in Alert alert)
        => alert.Kind is AlertKind.Drowsiness or AlertKind.Distraction
            && alert.Reason is not (AlertReason.GroupDrowsiness or AlertReason.GroupDistraction);

    /// <summary>Opens the configured lines as outputs, both off. Throws what the driver throws when a line cannot be opened.</summary>
    public void Start()
    {
        if (_settings.LedLine is { } led)
        {
            _controller.OpenPin(led, PinMode.Output, Inactive(_settings.LedActiveLevel));
            _ledTimer = _time.CreateTimer(static state => ((AlertSignals)state!).LedExpired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        if (_settings.BuzzerLine is { } buzzer)
        {
            _controller.OpenPin(buzzer, PinMode.Output, Inactive(_settings.BuzzerActiveLevel));
            _buzzerTimer = _time.CreateTimer(static state => ((AlertSignals)state!).NextBeepEdge(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        LogStarted(_logger, _settings.LedLine ?? -1, _settings.BuzzerLine ?? -1);
    }

    /// <summary>Shows <paramref name="alert"/>: lights the LED (again) for its hold and, for a safety alert, starts the buzzer's pattern.</summary>
    public void Signal(in Alert alert)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_ledTimer is not null)
            {
                Write(_settings.LedLine!.Value, _settings.LedActiveLevel);
                _ledTimer.Change(_settings.LedHold, Timeout.InfiniteTimeSpan);
            }

            if (_buzzerTimer is not null && IsSafetyAlert(alert))
            {
                // A new safety alert starts its pattern from the beginning: on, off, on, ... ending off.
                _beepEdgesLeft = (2 * BeepsFor(alert.Severity)) - 1;
                SetBuzzer(true);
                _buzzerTimer.Change(Beep, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Turns the LED and the buzzer off now (the privacy switch paused: alerts are held back).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            TurnOff();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            // An output left on would go on beeping or glowing after the service ended.
            TurnOff();

            _disposed = true;
            _ledTimer?.Dispose();
            _buzzerTimer?.Dispose();
        }
    }

    private static PinValue Inactive(PinValue active) => active == PinValue.High ? PinValue.Low : PinValue.High;

    private void TurnOff()
    {
        if (_ledTimer is not null)
        {
            _ledTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Write(_settings.LedLine!.Value, Inactive(_settings.LedActiveLevel));
        }

        if (_buzzerTimer is not null)
        {
            _buzzerTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _beepEdgesLeft = 0;
            SetBuzzer(false);
        }
    }

    private void LedExpired()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                Write(_settings.LedLine!.Value, Inactive(_settings.LedActiveLevel));
            }
        }
    }

    private void NextBeepEdge()
    {
        lock (_gate)
        {
            if (_disposed || _beepEdgesLeft == 0)
            {
                return;
            }

            _beepEdgesLeft--;
            SetBuzzer(!_buzzerOn);
            if (_beepEdgesLeft > 0)
            {
                _buzzerTimer!.Change(Beep, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void SetBuzzer(bool on)
    {
        _buzzerOn = on;
        Write(_settings.BuzzerLine!.Value, on ? _settings.BuzzerActiveLevel : Inactive(_settings.BuzzerActiveLevel));
    }

    private void Write(int line, PinValue value)
    {
        try
        {
            _controller.Write(line, value);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // An output that cannot be driven must not take the alert path (or the service) down with it.
            LogWriteFailed(_logger, $"line {line}", e.Message);
        }
    }
}
