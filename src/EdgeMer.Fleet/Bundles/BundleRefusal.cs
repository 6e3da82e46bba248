namespace EdgeMer.Fleet.Bundles;

/// <summary>Why a bundle was refused, as a short machine-readable kind; the exception's message says it in words.</summary>
public enum BundleRefusal
{
    /// <summary>Not a bundle archive, or a part of it is malformed or over its size limit.</summary>
    Malformed,

    /// <summary>The archive ended early (a download or copy cut short).</summary>
    Truncated,

    /// <summary>A path that would leave the bundle (<c>..</c>, absolute), a link, or another entry that is not a plain file.</summary>
    UnsafePath,

    /// <summary>Fewer valid signatures from distinct trusted keys than the trust root's threshold.</summary>
    Signature,

    /// <summary>Not newer than the version the device last accepted.</summary>
    OldVersion,

    /// <summary>Past its expiry.</summary>
    Expired,

    /// <summary>A file whose sha256 or size is not what the signed metadata says, or one missing or extra.</summary>
    FileMismatch,

    /// <summary>Writing the staged files failed (a full disk, for one).</summary>
    Storage,
}
