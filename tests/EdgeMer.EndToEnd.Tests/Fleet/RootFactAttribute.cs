namespace EdgeMer.EndToEnd.Tests.Fleet;

/// <summary>A fact that mounts a file system (a small tmpfs); skipped, with the reason printed, where the tests do not run as root.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = $"mounting a tmpfs needs root; the tests run as {Environment.UserName}";
        }
    }
}
