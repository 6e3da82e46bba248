namespace EdgeMer.Devices;

/// <summary>An output line: the buzzer (an active buzzer, sounding while the line is at its active level).</summary>
public sealed record DeviceGpioOutput
{
    /// <summary>The line's offset on the chip.</summary>
    public required int Line { get; init; }

    /// <summary>The level that turns the part on: <c>high</c> (default) or <c>low</c>.</summary>
    public string? ActiveLevel { get; init; }

    /// <summary><see cref="ActiveLevel"/>, or <c>high</c> when not given.</summary>
    public string ActiveLevelOrDefault => ActiveLevel ?? "high";
}
