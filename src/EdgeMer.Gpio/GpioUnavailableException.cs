namespace EdgeMer.Gpio;

/// <summary>A GPIO chip or line the device profile names cannot be used on this machine; the message names it and says why.</summary>
public sealed class GpioUnavailableException : Exception
{
    public GpioUnavailableException(string message)
        : base(message)
    {
    }

    public GpioUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
