namespace EdgeMer.Fleet.Bundles;

/// <summary>The names inside a bundle archive (docs/fleet.md): the signed metadata, the signatures, then each file under <c>payload/</c>.</summary>
public static class BundleArchive
{
    public const string MetadataEntry = "bundle.json";

    public const string SignaturesEntry = "signatures.json";

    public const string PayloadPrefix = "payload/";
}
