namespace EdgeMer.Bridge.Tests;

/// <summary>A test's own folder (broker data, alert queue, certificates), removed at the end.</summary>
internal sealed class BridgeFolder : IDisposable
{
    public BridgeFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgemer-bridge-tests", Guid.NewGuid().ToString("N"));

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
