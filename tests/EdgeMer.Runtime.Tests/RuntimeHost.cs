using EdgeMer.Runtime.Configuration;
using Microsoft.Extensions.Hosting;

namespace EdgeMer.Runtime.Tests;

/// <summary>Builds and starts the host as <c>edgemer run</c> does.</summary>
internal static class RuntimeHost
{
    public static IHost Build(string configFile, string[] overrides) => EdgeMerHost.CreateBuilder(configFile, overrides).Build();

    /// <summary>Starts <paramref name="host"/>, which must fail on bad input, and returns the message edgemer run would print.</summary>
    public static async Task<string> StartFailureAsync(IHost host)
    {
        Exception e = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.True(RuntimeStartFailure.TryDescribe(e, out string message), $"the start failed with an unexpected {e.GetType().Name}: {e}");
        return message;
    }
}
