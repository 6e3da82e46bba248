using EdgeMer.Affect;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// The summary sink sensing writes to: everything goes to egress, and each alert is also shown on the
/// device's own alert outputs (<see cref="GpioService"/>), which need no network to warn whoever is there.
/// </summary>
public sealed class SignallingSink : ISummarySink
{
    private readonly Egress _egress;
    private readonly GpioService _gpio;

    public SignallingSink(Egress egress, GpioService gpio)
    {
        _egress = egress;
        _gpio = gpio;
    }

    public bool TryPublish(Summary summary) => _egress.TryPublish(summary);

    public bool TryPublish(in Alert alert)
    {
        _gpio.Signal(alert);
        return _egress.TryPublish(alert);
    }
}
