using System.Device.Gpio;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// Opens the GPIO chip numbered <paramref name="chip"/> (<c>/dev/gpiochipN</c>). The runtime registers
/// <see cref="EdgeMer.Gpio.GpioChips.OpenDriver"/> (libgpiod); a machine without a chip can register
/// another <see cref="GpioDriver"/>, the seam System.Device.Gpio's controller is built on.
/// </summary>
public delegate GpioDriver GpioDriverFactory(int chip);
