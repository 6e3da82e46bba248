using System.Device.Gpio;
using EdgeMer.Affect;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Gpio;

/// <summary>
/// The privacy switch on a GPIO line. It moves the same <see cref="IPrivacySwitch"/> the control
/// socket's <c>pause</c> and <c>resume</c> move, so capture stops at the source and summaries say
/// paused exactly as they do for a command. A level counts only once it has held for the debounce
/// time after the line's last edge (measured on the injected clock), so a bouncing contact moves the
/// switch once. The input acts on movement: a command can resume a device whose switch is on, and the
/// switch's next movement wins again. A switch that is on when the input starts pauses capture.
/// </summary>
public sealed partial class GpioPrivacyInput : IDisposable
{
    private readonly GpioController _controller;
    private readonly PrivacyInputSettings _settings;
    private readonly IPrivacySwitch _privacy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly PinChangeEventHandler _onEdge;
    private ITimer? _settle;
    private bool _active;
    private bool _disposed;

    public GpioPrivacyInput(GpioController controller, PrivacyInputSettings settings, IPrivacySwitch privacy, TimeProvider time, ILogger<GpioPrivacyInput> logger)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(privacy);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (settings.Debounce < PrivacyInputSettings.MinimumDebounce || settings.Debounce > PrivacyInputSettings.MaximumDebounce)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Debounce, $"debounce must be {PrivacyInputSettings.MinimumDebounce.TotalMilliseconds}..{PrivacyInputSettings.MaximumDebounce.TotalMilliseconds} ms");
        }

        _controller = controller;
        _settings = settings;
        _privacy = privacy;
        _time = time;
        _logger = logger;
        _onEdge = OnEdge;
    }

    /// <summary>Whether the debounced input is on (switch on, button held).</summary>
    public bool IsActive
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    /// <summary>
    /// Opens the line as an input with its pull resistor, reads where the switch stands (on pauses
    /// capture) and starts listening for edges. Throws what the driver throws when the line cannot be
    /// opened.
    /// </summary>
    public void Start()
    {
        PinMode mode = _settings.Bias switch
        {
            LineBias.PullUp => PinMode.InputPullUp,
            LineBias.PullDown => PinMode.InputPullDown,
            _ => PinMode.Input,
        };
        _controller.OpenPin(_settings.Line, mode);
        lock (_gate)
        {
            _active = _controller.Read(_settings.Line) == _settings.ActiveLevel;
            _settle = _time.CreateTimer(static state => ((GpioPrivacyInput)state!).Settle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _controller.RegisterCallbackForPinValueChangedEvent(_settings.Line, PinEventTypes.Rising | PinEventTypes.Falling, _onEdge);
        LogStarted(_logger, _settings.Line, _settings.Kind, _active ? "on" : "off");
        if (_active && _settings.Kind == PrivacyInputKind.Switch)
        {
            Move(PrivacyState.Paused, "switch on at start");
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

            _disposed = true;
            _settle?.Dispose();
        }

        try
        {
            _controller.UnregisterCallbackForPinValueChangedEvent(_settings.Line, _onEdge);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // The line was never opened or is gone with its chip: nothing is listening any more.
        }
    }

    private void OnEdge(object sender, PinValueChangedEventArgs args)
    {
        // Every edge restarts the wait: the level is read once the line has been quiet for the debounce time.
        lock (_gate)
        {
            if (!_disposed)
            {
                _settle!.Change(_settings.Debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Settle()
    {
        bool active;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                active = _controller.Read(_settings.Line) == _settings.ActiveLevel;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                LogReadFailed(_logger, _settings.Line, e.Message);
                return;
            }

            if (active == _active)
            {
                return;
            }

            _active = active;
        }

        if (_settings.Kind == PrivacyInputKind.Switch)
        {
            Move(active ? PrivacyState.Paused : PrivacyState.Capturing, active ? "switch on" : "switch off");
        }
        else if (active)
        {
            Move(_privacy.State == PrivacyState.Paused ? PrivacyState.Capturing : PrivacyState.Paused, "button pressed");
        }
    }

    private void Move(PrivacyState state, string why)
    {
        try
        {
            if (_privacy.SwitchTo(state))
            {
                LogMoved(_logger, state, why);
            }
        }
        catch (AggregateException e)
        {
            // The switch holds its new position even when a handler (the state file, a source) failed.
            LogHandlersFailed(_logger, state, e.InnerExceptions.Count, e.InnerExceptions[0].Message);
        }
    }
}
