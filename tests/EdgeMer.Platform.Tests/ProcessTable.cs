namespace EdgeMer.Platform.Tests;

/// <summary>What /proc says about a process the test started.</summary>
public static class ProcessTable
{
    /// <summary>Whether the process runs (a zombie, dead but not yet reaped by its new parent, does not).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}
