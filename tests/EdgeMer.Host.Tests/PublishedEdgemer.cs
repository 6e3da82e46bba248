using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>
/// edgemer published with Native AOT, once for the tests that use it: publish-profiles/linux-x64-aot.pubxml,
/// the same publish ./build.sh publish does, into a temporary folder.
/// </summary>
public sealed class PublishedEdgemer : IDisposable
{
    public PublishedEdgemer()
    {
        string folder = Directory.CreateTempSubdirectory("edgemer-aot-").FullName;
        Folder = folder;
        NativePublishTurns.Take(TimeSpan.FromMinutes(20), () => ExternalProgram.Run(
            TestPrograms.Dotnet,
            [
                "publish", Path.Combine(RepoPaths.Root, "src", "EdgeMer.Host", "EdgeMer.Host.csproj"),
                "-c", "Release", "-r", "linux-x64", "-nologo",
                $"-p:PublishProfileFullPath={Path.Combine(RepoPaths.Root, "publish-profiles", "linux-x64-aot.pubxml")}",
                $"-p:PublishDir={folder}/",
            ],
            TimeSpan.FromMinutes(15)).EnsureSuccess("dotnet publish (Native AOT)"));
    }

    public string Folder { get; }

    public string Executable => Path.Combine(Folder, "edgemer");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
