namespace EdgeMer.Messaging.Security;

/// <summary>
/// Says which clients a new allow-list no longer admits (<see cref="ZapHandler.ClientsRevoked"/>).
/// Their connections were authenticated under the old list, so every socket the handler protects
/// must stop serving them.
/// </summary>
public sealed class ClientsRevokedEventArgs : EventArgs
{
    public ClientsRevokedEventArgs(IReadOnlyList<string> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        Clients = clients;
    }

    /// <summary>The revoked clients' names under the list they were admitted by (their ZAP User-Ids).</summary>
    public IReadOnlyList<string> Clients { get; }
}
