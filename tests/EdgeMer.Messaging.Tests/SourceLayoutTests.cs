using System.Text.RegularExpressions;
using EdgeMer.Testing;

namespace EdgeMer.Messaging.Tests;

public sealed partial class SourceLayoutTests
{
    [Fact]
    public void Every_source_file_declares_the_namespace_of_its_folder()
    {
        string project = Path.Combine(RepoPaths.Root, "src", "EdgeMer.Messaging");
        var mismatches = new List<string>();
        int checkedFiles = 0;
        foreach (string file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(project, file);
            if (relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            string folder = Path.GetDirectoryName(relative) ?? "";
            string expected = folder.Length == 0 ? "EdgeMer.Messaging" : "EdgeMer.Messaging." + folder.Replace(Path.DirectorySeparatorChar, '.');
            Match declared = FileScopedNamespace().Match(File.ReadAllText(file));
            checkedFiles++;
            if (!declared.Success || declared.Groups[1].Value != expected)
            {
                mismatches.Add($"{relative}: {(declared.Success ? declared.Groups[1].Value : "no file-scoped namespace")}, expected {expected}");
            }
        }

        Assert.True(checkedFiles > 50, $"only {checkedFiles} source files found under {project}");
        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData("EdgeMer.Messaging.Tests")]
    [InlineData("EdgeMer.EndToEnd.Tests")]
    public void No_messaging_test_uses_a_fixed_TCP_port(string testProject)
    {
        // Tests bind tcp://127.0.0.1:* and read the port back: a fixed port may be taken, or
        // served by something else, on the machine that runs them.
        string project = Path.Combine(RepoPaths.Root, "tests", testProject);
        var fixedPorts = new List<string>();
        foreach (string file in Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(project, file);
            if (!(file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".py", StringComparison.Ordinal))
                || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match endpoint in FixedTcpPort().Matches(File.ReadAllText(file)))
            {
                fixedPorts.Add($"{relative}: {endpoint.Value}");
            }
        }

        Assert.Empty(fixedPorts);
    }

    [GeneratedRegex(@"tcp://[^""'*\s]*:[0-9]+")]
    private static partial Regex FixedTcpPort();

    [GeneratedRegex(@"^namespace ([A-Za-z0-9_.]+);", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();
}
