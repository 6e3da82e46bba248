namespace EdgeMer.Devices;

/// <summary>
/// The GPIO lines a board of this kind has EdgeMer's privacy switch, alert LED and buzzer wired to:
/// one chip (<c>/dev/gpiochipN</c>) and a line offset on it for each part that is there.
/// </summary>
public sealed record DeviceGpio
{
    /// <summary>The line directions and levels a profile may name.</summary>
    public static IReadOnlyList<string> Levels { get; } = ["high", "low"];

    /// <summary>The pull resistors a profile may name for the privacy input.</summary>
    public static IReadOnlyList<string> Biases { get; } = ["pullUp", "pullDown", "none"];

    /// <summary>What may be wired to the privacy input: a latching switch or a push button.</summary>
    public static IReadOnlyList<string> InputKinds { get; } = ["switch", "button"];

    /// <summary>The chip's number N in <c>/dev/gpiochipN</c>.</summary>
    public required int Chip { get; init; }

    public DeviceGpioInput? PrivacySwitch { get; init; }

    public DeviceGpioLed? AlertLed { get; init; }

    public DeviceGpioOutput? Buzzer { get; init; }
}
