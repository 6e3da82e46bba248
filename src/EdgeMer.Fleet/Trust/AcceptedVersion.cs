using System.Text.Json;
using EdgeMer.Fleet.Bundles;
using EdgeMer.Platform;

namespace EdgeMer.Fleet.Trust;

/// <summary>The last bundle version a device accepted (committed), kept beside its trust root: no bundle at or below it is taken again.</summary>
public sealed class AcceptedVersion
{
    public long Version { get; init; }

    public DateTimeOffset? Accepted { get; init; }

    /// <summary>The version recorded at <paramref name="path"/>, 0 when there is no file; an error naming it when it is malformed.</summary>
    public static long Read(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), FleetJsonContext.Default.AcceptedVersion)?.Version ?? 0;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"accepted version {path} is malformed: {e.Message}", e);
        }
    }

    /// <summary>Records <paramref name="version"/> at <paramref name="path"/>, replaced whole.</summary>
    public static void Write(string path, long version, DateTimeOffset now) =>
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(new AcceptedVersion { Version = version, Accepted = now }, FleetJsonContext.Default.AcceptedVersion));
}
