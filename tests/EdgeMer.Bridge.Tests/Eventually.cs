namespace EdgeMer.Bridge.Tests;

/// <summary>Waiting on a condition with a time limit, never a fixed pause.</summary>
internal static class Eventually
{
    public static void True(Func<bool> condition, string what, TimeSpan? wait = null) =>
        Assert.True(SpinWait.SpinUntil(condition, wait ?? TimeSpan.FromSeconds(60)), what);
}
