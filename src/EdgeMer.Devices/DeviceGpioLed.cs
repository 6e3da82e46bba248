namespace EdgeMer.Devices;

/// <summary>The alert LED's line, and how long it stays lit after the newest alert.</summary>
public sealed record DeviceGpioLed
{
    /// <summary>The line's offset on the chip.</summary>
    public required int Line { get; init; }

    /// <summary>The level that lights the LED: <c>high</c> (default) or <c>low</c>.</summary>
    public string? ActiveLevel { get; init; }

    /// <summary>How long the LED stays lit after the newest alert, in seconds (default 30).</summary>
    public int? HoldSeconds { get; init; }

    /// <summary><see cref="ActiveLevel"/>, or <c>high</c> when not given.</summary>
    public string ActiveLevelOrDefault => ActiveLevel ?? "high";

    /// <summary><see cref="HoldSeconds"/>, or 30 when not given.</summary>
    public int HoldSecondsOrDefault => HoldSeconds ?? 30;
}
