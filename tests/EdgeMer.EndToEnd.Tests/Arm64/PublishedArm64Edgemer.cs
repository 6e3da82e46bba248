using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.EndToEnd.Tests.Arm64;

/// <summary>
/// edgemer published for linux-arm64 with publish-profiles/linux-arm64-aot.pubxml (the publish
/// <c>./build.sh publish --rid linux-arm64</c> does) into a temporary folder, once for the tests that
/// use it and only when the first of them asks: a class whose tests are all skipped publishes nothing.
/// </summary>
public sealed class PublishedArm64Edgemer : IDisposable
{
    private readonly Lazy<string> _folder = new(Publish);

    public string Folder => _folder.Value;

    public string Executable => Path.Combine(Folder, "edgemer");

    public void Dispose()
    {
        if (_folder.IsValueCreated)
        {
            Directory.Delete(_folder.Value, recursive: true);
        }
    }

    private static string Publish()
    {
        string folder = Directory.CreateTempSubdirectory("edgemer-arm64-").FullName;
        NativePublishTurns.Take(TimeSpan.FromMinutes(20), () => ExternalProgram.Run(
            TestPrograms.Dotnet,
            [
                "publish", Path.Combine(RepoPaths.Root, "src", "EdgeMer.Host", "EdgeMer.Host.csproj"),
                "-c", "Release", "-r", "linux-arm64", "-nologo",
                $"-p:PublishProfileFullPath={Path.Combine(RepoPaths.Root, "publish-profiles", "linux-arm64-aot.pubxml")}",
                $"-p:PublishDir={folder}/",
            ],
            TimeSpan.FromMinutes(15)).EnsureSuccess("dotnet publish -r linux-arm64 (Native AOT, cross-compiled)"));
        return folder;
    }
}
