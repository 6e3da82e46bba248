using EdgeMer.Messaging.Publishing;
using EdgeMer.Runtime.Hosting;
using EdgeMer.Runtime.Sensing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeMer.Runtime.Tests;

/// <summary>What the tests look at in a running host: the setup in use and where its sockets are.</summary>
internal sealed class RuntimeProbe(IHost host)
{
    public RuntimeSetup Setup => host.Services.GetRequiredService<ActiveSetup>().Current;

    public SummaryPublisher Publisher => host.Services.GetRequiredService<Egress>().Publisher;

    public SensingService Sensing => host.Services.GetRequiredService<SensingService>();

    public string ControlEndpoint => host.Services.GetRequiredService<ControlService>().Endpoint;
}
