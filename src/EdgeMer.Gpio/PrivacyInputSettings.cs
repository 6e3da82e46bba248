using System.Device.Gpio;

namespace EdgeMer.Gpio;

/// <summary>
/// The privacy input: a line of the chip, the level it reads when the switch is on (or the button
/// pressed), its pull resistor and how long a level must hold before it counts.
/// </summary>
public sealed record PrivacyInputSettings
{
    /// <summary>The shortest debounce time accepted.</summary>
    public static readonly TimeSpan MinimumDebounce = TimeSpan.FromMilliseconds(1);

    /// <summary>The longest debounce time accepted.</summary>
    public static readonly TimeSpan MaximumDebounce = TimeSpan.FromSeconds(1);

    /// <summary>The line's offset on its chip.</summary>
    public required int Line { get; init; }

    public PrivacyInputKind Kind { get; init; } = PrivacyInputKind.Switch;

    /// <summary>The level the line reads when the switch is on or the button is pressed.</summary>
    public PinValue ActiveLevel { get; init; } = PinValue.Low;

    public LineBias Bias { get; init; } = LineBias.PullUp;

    /// <summary>How long the line must keep a new level before it counts (contacts bounce for a few milliseconds).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(50);
}
