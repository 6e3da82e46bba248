namespace EdgeMer.Gpio;

/// <summary>The pull resistor the input line is configured with.</summary>
public enum LineBias
{
    /// <summary>None inside the chip: the board has its own resistor.</summary>
    None,

    /// <summary>Pulled up: a contact to ground reads low.</summary>
    PullUp,

    /// <summary>Pulled down: a contact to 3.3 V reads high.</summary>
    PullDown,
}
