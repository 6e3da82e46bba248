namespace EdgeMer.Devices;

/// <summary>The privacy input: a switch (on pauses, off resumes) or a button (each press toggles).</summary>
public sealed record DeviceGpioInput
{
    /// <summary>The line's offset on the chip.</summary>
    public required int Line { get; init; }

    /// <summary><c>switch</c> (default) or <c>button</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>The level the line reads when the switch is on or the button pressed: <c>low</c> (default: a contact to ground) or <c>high</c>.</summary>
    public string? ActiveLevel { get; init; }

    /// <summary><c>pullUp</c> (default), <c>pullDown</c> or <c>none</c>.</summary>
    public string? Bias { get; init; }

    /// <summary>How long a new level must hold before it counts, in milliseconds (default 50).</summary>
    public int? DebounceMs { get; init; }

    /// <summary><see cref="Kind"/>, or <c>switch</c> when not given.</summary>
    public string KindOrDefault => Kind ?? "switch";

    /// <summary><see cref="ActiveLevel"/>, or <c>low</c> when not given.</summary>
    public string ActiveLevelOrDefault => ActiveLevel ?? "low";

    /// <summary><see cref="Bias"/>, or <c>pullUp</c> when not given.</summary>
    public string BiasOrDefault => Bias ?? "pullUp";

    /// <summary><see cref="DebounceMs"/>, or 50 when not given.</summary>
    public int DebounceMsOrDefault => DebounceMs ?? 50;
}
