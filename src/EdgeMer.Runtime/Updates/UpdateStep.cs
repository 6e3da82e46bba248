namespace EdgeMer.Runtime.Updates;

/// <summary>Where an update stands, as the state file records it before each step is taken.</summary>
public enum UpdateStep
{
    /// <summary>No update has run.</summary>
    None,

    /// <summary>The bundle's signatures, version, expiry and files are being checked and its files staged.</summary>
    Verifying,

    /// <summary>The new set is complete on disk beside the live one; nothing switched.</summary>
    Staged,

    /// <summary>Sessions on the new set are created and run on self-test inputs while the old set serves.</summary>
    WarmingUp,

    /// <summary>The live-set link points at the new set and the service is switching to it; not committed.</summary>
    Switched,

    /// <summary>The new set serves and is being checked (outputs, latency, every stage on it).</summary>
    Checking,

    /// <summary>The new set is the accepted one.</summary>
    Committed,

    /// <summary>The bundle was refused before anything switched; the live set is as it was.</summary>
    Refused,

    /// <summary>The switch was undone (a failed check, or a restart before commit); the previous set serves.</summary>
    RolledBack,
}
