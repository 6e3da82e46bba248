namespace EdgeMer.Gpio;

/// <summary>One GPIO character device: whether EdgeMer's user can open it, and what libgpiod says it is.</summary>
/// <param name="Path">The device node, <c>/dev/gpiochipN</c>.</param>
/// <param name="Number">N, the chip number a profile's <c>gpio.chip</c> names.</param>
/// <param name="CanOpen">Whether it opened for reading and writing (what requesting lines needs).</param>
/// <param name="Label">The chip's label as libgpiod reports it (<c>pinctrl-rp1</c>), when libgpiod could be asked.</param>
/// <param name="Lines">How many lines the chip has, when libgpiod could be asked.</param>
/// <param name="Problem">Why it could not be opened or asked, or null.</param>
public sealed record GpioChipReport(string Path, int Number, bool CanOpen, string? Label, int? Lines, string? Problem);
