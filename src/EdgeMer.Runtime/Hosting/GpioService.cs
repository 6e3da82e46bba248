using System.Device.Gpio;
using EdgeMer.Affect;
using EdgeMer.Devices;
using EdgeMer.Gpio;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// The device profile's GPIO lines (<c>gpio</c>): the privacy input, which moves the same privacy switch
/// as the control socket's pause and resume, and the alert LED and buzzer, which show the alerts handed
/// to the summary sink. A board without a <c>gpio</c> section runs without. A privacy input the profile
/// names but this machine cannot open (no chip, no libgpiod, a line taken) starts the device paused,
/// privacy first, and the log says why; alert outputs that cannot be opened are only logged. The lines
/// are taken at start: a reload that changes them is refused.
/// </summary>
public sealed partial class GpioService : IHostedService, IDisposable
{
    private readonly ActiveSetup _setup;
    private readonly PrivacySwitch _privacy;
    private readonly GpioDriverFactory _drivers;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private GpioController? _controller;
    private GpioPrivacyInput? _input;
    private AlertSignals? _signals;

    public GpioService(ActiveSetup setup, PrivacySwitch privacy, GpioDriverFactory drivers, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _setup = setup;
        _privacy = privacy;
        _drivers = drivers;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<GpioService>();
    }

    /// <summary>Whether a privacy input is listening.</summary>
    public bool HasPrivacyInput => _input is not null;

    /// <summary>Whether alert outputs are driven.</summary>
    public bool HasAlertOutputs => _signals is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        DeviceProfile profile = _setup.Current.Profile;
        if (profile.Gpio is not { } gpio)
        {
            return Task.CompletedTask;
        }

        try
        {
            _controller = new GpioController(_drivers(gpio.Chip));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Unavailable(gpio, e.Message);
            return Task.CompletedTask;
        }

        if (gpio.PrivacySwitch is { } switchLine)
        {
            var input = new GpioPrivacyInput(_controller, PrivacySettings(switchLine), _privacy, _time, _loggerFactory.CreateLogger<GpioPrivacyInput>());
            try
            {
                input.Start();
                _input = input;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                input.Dispose();
                PausedForPrivacy($"line {switchLine.Line} of GPIO chip {gpio.Chip}: {e.Message}");
            }
        }

        if (gpio.AlertLed is not null || gpio.Buzzer is not null)
        {
            var signals = new AlertSignals(_controller, OutputSettings(gpio), _time, _loggerFactory.CreateLogger<AlertSignals>());
            try
            {
                signals.Start();
                _signals = signals;
                _privacy.StateChanged += OnPrivacyChanged;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                signals.Dispose();
                LogOutputsUnavailable(_logger, gpio.Chip, e.Message);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stop();
        return Task.CompletedTask;
    }

    /// <summary>Shows <paramref name="alert"/> on the LED and buzzer, unless paused (alerts are held back then).</summary>
    public void Signal(in Alert alert)
    {
        if (_privacy.State == PrivacyState.Paused)
        {
            return;
        }

        Volatile.Read(ref _signals)?.Signal(alert);
    }

    public void Dispose() => Stop();

    internal static PrivacyInputSettings PrivacySettings(DeviceGpioInput line) => new()
    {
        Line = line.Line,
        Kind = line.KindOrDefault == "button" ? PrivacyInputKind.Button : PrivacyInputKind.Switch,
        ActiveLevel = Level(line.ActiveLevelOrDefault),
        Bias = line.BiasOrDefault switch
        {
            "pullDown" => LineBias.PullDown,
            "none" => LineBias.None,
            _ => LineBias.PullUp,
        },
        Debounce = TimeSpan.FromMilliseconds(line.DebounceMsOrDefault),
    };

    internal static AlertOutputSettings OutputSettings(DeviceGpio gpio) => new()
    {
        LedLine = gpio.AlertLed?.Line,
        LedActiveLevel = Level(gpio.AlertLed?.ActiveLevelOrDefault ?? "high"),
        LedHold = TimeSpan.FromSeconds(gpio.AlertLed?.HoldSecondsOrDefault ?? 30),
        BuzzerLine = gpio.Buzzer?.Line,
        BuzzerActiveLevel = Level(gpio.Buzzer?.ActiveLevelOrDefault ?? "high"),
    };

    private static PinValue Level(string level) => level == "low" ? PinValue.Low : PinValue.High;

    private void Unavailable(DeviceGpio gpio, string problem)
    {
        if (gpio.PrivacySwitch is not null)
        {
            PausedForPrivacy(problem);
        }
        else
        {
            LogOutputsUnavailable(_logger, gpio.Chip, problem);
        }
    }

    private void PausedForPrivacy(string problem)
    {
        // Privacy first: a switch that cannot be read may be on, so capture stays off until a deliberate resume.
        LogPrivacyInputUnavailable(_logger, problem);
        try
        {
            _privacy.SwitchTo(PrivacyState.Paused);
        }
        catch (AggregateException e)
        {
            LogPauseHandlersFailed(_logger, e.InnerExceptions[0].Message);
        }
    }

    private void OnPrivacyChanged(object? sender, PrivacyState state)
    {
        if (state == PrivacyState.Paused)
        {
            Volatile.Read(ref _signals)?.Clear();
        }
    }

    private void Stop()
    {
        _privacy.StateChanged -= OnPrivacyChanged;
        Interlocked.Exchange(ref _input, null)?.Dispose();
        Interlocked.Exchange(ref _signals, null)?.Dispose();
        Interlocked.Exchange(ref _controller, null)?.Dispose();
    }
}
