namespace EdgeMer.Runtime.Configuration;

/// <summary>
/// CURVE encryption and the client allow-list for the summary and control sockets (section
/// <c>Messaging:Security</c>). Both keys set: only allow-listed CURVE clients are served. Both empty:
/// plain ZeroMQ, for a device whose sockets are bound to loopback, a private link or ipc.
/// </summary>
public sealed class EgressSecurityOptions
{
    public const string Section = "Messaging:Security";

    /// <summary>The server's secret key file (<c>edgemer keys generate</c>); must be readable by its owner only.</summary>
    public string? ServerSecretKeyFile { get; set; }

    /// <summary>Folder of allow-listed clients' public key files (<c>*.key</c>).</summary>
    public string? ClientsDirectory { get; set; }

    public bool CurveEnabled => !string.IsNullOrEmpty(ServerSecretKeyFile);
}
