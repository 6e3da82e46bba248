namespace EdgeMer.EndToEnd.Tests.Fleet;

/// <summary>
/// A fact that runs the Mender client in standalone mode: it needs Debian's mender-client and
/// mender-artifact and root (the client finds update modules only in /usr/share/mender/modules/v3
/// and reads /etc/mender/artifact_info). Skipped, with the reason printed, where either is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MenderFactAttribute : FactAttribute
{
    public MenderFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = $"the Mender client installs its update module under /usr/share/mender and needs root; the tests run as {Environment.UserName}";
        }
        else if (!File.Exists("/usr/bin/mender") || !File.Exists("/usr/bin/mender-artifact"))
        {
            Skip = "Debian's mender-client and mender-artifact are not installed (./build.sh setup installs them)";
        }
    }
}
