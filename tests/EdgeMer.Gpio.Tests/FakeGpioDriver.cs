using System.Device.Gpio;

namespace EdgeMer.Gpio.Tests;

/// <summary>
/// A GPIO chip in memory behind System.Device.Gpio's own driver seam (the build machines have no chip):
/// inputs are moved by the test, which raises the edge callbacks a real chip's driver raises; every
/// write to an output is recorded with the time it happened on the test's clock. Safe to drive from
/// the test's thread while the service reads from its own, as a real chip is.
/// </summary>
internal sealed class FakeGpioDriver : GpioDriver
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly Dictionary<int, List<(PinEventTypes Types, PinChangeEventHandler Handler)>> _callbacks = [];

    public FakeGpioDriver(TimeProvider time, int pinCount = 54)
    {
        _time = time;
        PinCount = pinCount;
    }

    /// <summary>Every write to an output, in order: line, level, when.</summary>
    public List<(int Line, PinValue Level, DateTimeOffset At)> Writes { get; } = [];

    protected override int PinCount { get; }

    public PinMode ModeOf(int line)
    {
        lock (_gate)
        {
            return _modes[line];
        }
    }

    public bool IsOpen(int line)
    {
        lock (_gate)
        {
            return _modes.ContainsKey(line);
        }
    }

    public PinValue LevelOf(int line)
    {
        lock (_gate)
        {
            return _levels[line];
        }
    }

    /// <summary>Sets an input's level as the outside world would, raising the edge callbacks.</summary>
    public void Drive(int line, PinValue level)
    {
        (PinEventTypes Types, PinChangeEventHandler Handler)[] listeners;
        lock (_gate)
        {
            PinValue before = _levels.GetValueOrDefault(line, PinValue.Low);
            _levels[line] = level;
            if (before == level)
            {
                return;
            }

            listeners = [.. _callbacks.GetValueOrDefault(line, [])];
        }

        PinEventTypes edge = level == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
        foreach ((PinEventTypes types, PinChangeEventHandler handler) in listeners)
        {
            if ((types & edge) != 0)
            {
                handler(this, new PinValueChangedEventArgs(edge, line));
            }
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        if (pinNumber < 0 || pinNumber >= PinCount)
        {
            throw new InvalidOperationException($"line {pinNumber} is not on this chip (it has {PinCount})");
        }

        lock (_gate)
        {
            _modes[pinNumber] = PinMode.Input;
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            _modes.Remove(pinNumber);
            _callbacks.Remove(pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            _modes[pinNumber] = mode;
            if (!_levels.ContainsKey(pinNumber))
            {
                // A pull resistor sets the level of an input nothing drives.
                _levels[pinNumber] = mode == PinMode.InputPullUp ? PinValue.High : PinValue.Low;
            }
        }
    }

    protected override PinMode GetPinMode(int pinNumber) => ModeOf(pinNumber);

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            return _levels.GetValueOrDefault(pinNumber, PinValue.Low);
        }
    }

    protected override void Toggle(int pinNumber) => Write(pinNumber, !Read(pinNumber));

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            if (_modes.GetValueOrDefault(pinNumber) != PinMode.Output)
            {
                throw new InvalidOperationException($"line {pinNumber} is not an output");
            }

            _levels[pinNumber] = value;
            Writes.Add((pinNumber, value, _time.GetUtcNow()));
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
        => throw new NotSupportedException("EdgeMer listens for edges through callbacks");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            if (!_callbacks.TryGetValue(pinNumber, out List<(PinEventTypes, PinChangeEventHandler)>? list))
            {
                _callbacks[pinNumber] = list = [];
            }

            list.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            _callbacks.GetValueOrDefault(pinNumber)?.RemoveAll(c => c.Handler == callback);
        }
    }

    public int CallbackCount(int line)
    {
        lock (_gate)
        {
            return _callbacks.GetValueOrDefault(line)?.Count ?? 0;
        }
    }

    public override GpioChipInfo GetChipInfo() => new(0, "gpiochip0", "fake", PinCount);
}
