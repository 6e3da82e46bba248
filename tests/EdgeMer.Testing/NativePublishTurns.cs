namespace EdgeMer.Testing;

/// <summary>
/// The Native AOT publishes the tests make (linux-x64 in EdgeMer.Host.Tests, linux-arm64 in
/// EdgeMer.EndToEnd.Tests) take turns across the test processes: each keeps both cores of a 2-core
/// machine busy for minutes, and run side by side they doubled each other's time past their limits.
/// </summary>
public static class NativePublishTurns
{
    // Global: seen by every test process, whichever session started it.
    private const string Name = @"Global\edgemer-tests-native-publish";

    /// <summary>Runs <paramref name="publish"/> once no other test process is publishing, waiting at most <paramref name="wait"/> for the turn.</summary>
    public static void Take(TimeSpan wait, Action publish)
    {
        ArgumentNullException.ThrowIfNull(publish);
        using var mutex = new Mutex(initiallyOwned: false, Name);
        try
        {
            if (!mutex.WaitOne(wait))
            {
                throw new TimeoutException($"another test process held the Native AOT publish turn ({Name}) for more than {wait}");
            }
        }
        catch (AbandonedMutexException)
        {
            // The process that held the turn ended without giving it back; the turn is this one's now.
        }

        try
        {
            publish();
        }
        finally
        {
            mutex.ReleaseMutex();
        }
    }
}
