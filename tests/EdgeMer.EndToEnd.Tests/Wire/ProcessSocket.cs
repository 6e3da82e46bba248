using System.Net;

namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>One socket of a process: its table (tcp, udp6, unix...), addresses, and TCP state or unix path.</summary>
public sealed record ProcessSocket(string Kind, IPEndPoint? Local, IPEndPoint? Remote, string State)
{
    public bool IsNetwork => Kind is not "unix";

    public override string ToString() => Local is null ? $"{Kind} {State}" : $"{Kind} {Local} -> {Remote} {State}";
}
