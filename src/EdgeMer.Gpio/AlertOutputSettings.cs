using System.Device.Gpio;

namespace EdgeMer.Gpio;

/// <summary>The alert outputs: an LED and a buzzer, each optional, each on a line of the chip.</summary>
public sealed record AlertOutputSettings
{
    /// <summary>The shortest time the LED stays lit after an alert.</summary>
    public static readonly TimeSpan MinimumLedHold = TimeSpan.FromSeconds(1);

    /// <summary>The longest time the LED stays lit after an alert.</summary>
    public static readonly TimeSpan MaximumLedHold = TimeSpan.FromHours(1);

    /// <summary>The LED's line, or null for none.</summary>
    public int? LedLine { get; init; }

    /// <summary>The level that lights the LED.</summary>
    public PinValue LedActiveLevel { get; init; } = PinValue.High;

    /// <summary>
    /// How long the LED stays lit after the newest alert. An alert marks the start of an episode (the
    /// fuser raises one per episode and publishes no end), so the LED holds for this long after each.
    /// </summary>
    public TimeSpan LedHold { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The buzzer's line (an active buzzer: it sounds while the line is at its active level), or null for none.</summary>
    public int? BuzzerLine { get; init; }

    /// <summary>The level that sounds the buzzer.</summary>
    public PinValue BuzzerActiveLevel { get; init; } = PinValue.High;
}
