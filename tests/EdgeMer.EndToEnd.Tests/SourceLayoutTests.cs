using System.Text.RegularExpressions;
using System.Xml.Linq;
using EdgeMer.Testing;

namespace EdgeMer.EndToEnd.Tests;

/// <summary>
/// The repository keeps its shape: folders match namespaces, tests use no fixed ports, and the
/// projects depend on each other only in the directions the design allows, exactly as the README's
/// project graph says.
/// </summary>
public sealed partial class SourceLayoutTests
{
    /// <summary>Build-side tooling: what the device runtime must not carry.</summary>
    private static readonly string[] s_buildSide = ["EdgeMer.Onnx", "EdgeMer.Models.Tooling", "EdgeMer.Quantization", "EdgeMer.Tools"];

    /// <summary>The parts that turn sensors into evidence: they never reach into egress or the runtime around them.</summary>
    private static readonly string[] s_sensing = ["EdgeMer.Capture", "EdgeMer.Imaging", "EdgeMer.Perception", "EdgeMer.Scheduling", "EdgeMer.Fusion"];

    public static TheoryData<string> SourceProjects => [.. Graph().Keys];

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Every_source_file_declares_the_namespace_of_its_folder(string projectName)
    {
        string project = Path.Combine(RepoPaths.Root, "src", projectName);
        var mismatches = new List<string>();
        int checkedFiles = 0;
        foreach (string file in SourceFiles(project, "*.cs"))
        {
            string relative = Path.GetRelativePath(project, file);
            string folder = Path.GetDirectoryName(relative) ?? "";
            string expected = folder.Length == 0 ? projectName : projectName + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
            Match declared = FileScopedNamespace().Match(File.ReadAllText(file));
            checkedFiles++;
            if (!declared.Success || declared.Groups[1].Value != expected)
            {
                mismatches.Add($"{relative}: {(declared.Success ? declared.Groups[1].Value : "no file-scoped namespace")}, expected {expected}");
            }
        }

        Assert.True(checkedFiles > 0, $"no source files found under {project}");
        Assert.Empty(mismatches);
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Every_log_event_id_is_used_once_in_its_assembly(string projectName)
    {
        // An event id names one kind of event, so a journal can be searched and alerted on by it.
        string project = Path.Combine(RepoPaths.Root, "src", projectName);
        var owners = new Dictionary<int, List<string>>();
        foreach (string file in SourceFiles(project, "*.cs"))
        {
            foreach (Match id in LogEventId().Matches(File.ReadAllText(file)))
            {
                int value = int.Parse(id.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                (owners.TryGetValue(value, out List<string>? files) ? files : owners[value] = []).Add(Path.GetRelativePath(project, file));
            }
        }

        Assert.Empty(owners.Where(o => o.Value.Count > 1).Select(o => $"event id {o.Key} in {string.Join(", ", o.Value)}"));
    }

    [Fact]
    public void The_domain_and_the_platform_depend_on_no_other_project()
    {
        Dictionary<string, string[]> graph = Graph();

        Assert.Empty(graph["EdgeMer.Affect"]);
        Assert.Empty(graph["EdgeMer.Platform"]);
    }

    [Fact]
    public void Sensing_perception_and_fusion_never_reference_egress_the_runtime_or_the_command_line()
    {
        Dictionary<string, string[]> graph = Graph();
        var violations = new List<string>();
        foreach (string project in s_sensing.Where(graph.ContainsKey))
        {
            foreach (string forbidden in (string[])["EdgeMer.Messaging", "EdgeMer.Runtime", "EdgeMer.Host", .. s_buildSide])
            {
                if (Reaches(graph, project, forbidden))
                {
                    violations.Add($"{project} reaches {forbidden}");
                }
            }
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void Messaging_knows_the_domain_and_the_platform_only()
    {
        Assert.Equal(["EdgeMer.Affect", "EdgeMer.Platform"], Graph()["EdgeMer.Messaging"]);
    }

    [Fact]
    public void The_runtime_that_ships_to_devices_reaches_no_build_side_tooling()
    {
        Dictionary<string, string[]> graph = Graph();

        foreach (string tool in s_buildSide)
        {
            Assert.False(Reaches(graph, "EdgeMer.Runtime", tool), $"EdgeMer.Runtime reaches {tool}");
            Assert.False(Reaches(graph, "EdgeMer.Models", tool), $"EdgeMer.Models reaches {tool}");
        }
    }

    [Fact]
    public void Only_the_command_line_references_the_runtime_and_nothing_references_the_command_line()
    {
        Dictionary<string, string[]> graph = Graph();

        Assert.Equal(["EdgeMer.Host"], graph.Where(p => p.Value.Contains("EdgeMer.Runtime")).Select(p => p.Key));
        Assert.DoesNotContain(graph, p => p.Value.Contains("EdgeMer.Host"));
    }

    [Fact]
    public void The_project_graph_in_the_README_is_the_graph_of_the_project_files()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        Match table = ReadmeGraph().Match(readme);
        Assert.True(table.Success, "README.md has no project graph between <!-- project-graph --> and <!-- /project-graph -->");
        var documented = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (Match row in ReadmeRow().Matches(table.Groups["rows"].Value))
        {
            documented[row.Groups["project"].Value] = [.. ProjectName().Matches(row.Groups["references"].Value).Select(m => m.Value).Order(StringComparer.Ordinal)];
        }

        Dictionary<string, string[]> actual = Graph();
        Assert.Equal(actual.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach ((string project, string[] references) in actual)
        {
            Assert.True(references.SequenceEqual(documented[project]), $"README says {project} references [{string.Join(", ", documented[project])}]; its project file says [{string.Join(", ", references)}]");
        }
    }

    [Theory]
    [InlineData("EdgeMer.Messaging.Tests")]
    [InlineData("EdgeMer.EndToEnd.Tests")]
    [InlineData("EdgeMer.Bridge.Tests")]
    public void No_test_uses_a_fixed_TCP_port(string testProject)
    {
        // Tests bind tcp://127.0.0.1:* and read the port back: a fixed port may be taken, or
        // served by something else, on the machine that runs them.
        string project = Path.Combine(RepoPaths.Root, "tests", testProject);
        var fixedPorts = new List<string>();
        foreach (string file in SourceFiles(project, "*").Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".py", StringComparison.Ordinal)))
        {
            foreach (Match endpoint in FixedTcpPort().Matches(File.ReadAllText(file)))
            {
                fixedPorts.Add($"{Path.GetRelativePath(project, file)}: {endpoint.Value}");
            }
        }

        Assert.Empty(fixedPorts);
    }

    /// <summary>Each project under src/ and the EdgeMer projects it references directly, sorted.</summary>
    private static Dictionary<string, string[]> Graph()
    {
        var graph = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string csproj in Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            string name = Path.GetFileNameWithoutExtension(csproj);
            graph[name] = [.. XDocument.Load(csproj).Descendants("ProjectReference")
                .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')))
                .Order(StringComparer.Ordinal)];
        }

        return graph;
    }

    private static bool Reaches(Dictionary<string, string[]> graph, string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([from]);
        while (pending.TryPop(out string? project))
        {
            foreach (string reference in graph.GetValueOrDefault(project, []))
            {
                if (reference == to)
                {
                    return true;
                }

                if (seen.Add(reference))
                {
                    pending.Push(reference);
                }
            }
        }

        return false;
    }

    private static IEnumerable<string> SourceFiles(string project, string pattern) =>
        Directory.EnumerateFiles(project, pattern, SearchOption.AllDirectories).Where(file =>
        {
            string relative = Path.GetRelativePath(project, file);
            return !relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        });

    [GeneratedRegex(@"\[LoggerMessage\(\s*EventId\s*=\s*([0-9]+)")]
    private static partial Regex LogEventId();

    [GeneratedRegex(@"tcp://[^""'*\s]*:[0-9]+")]
    private static partial Regex FixedTcpPort();

    [GeneratedRegex(@"^namespace ([A-Za-z0-9_.]+);", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();

    [GeneratedRegex(@"<!-- project-graph -->(?<rows>.*?)<!-- /project-graph -->", RegexOptions.Singleline)]
    private static partial Regex ReadmeGraph();

    [GeneratedRegex(@"^\| `(?<project>EdgeMer\.[A-Za-z.]+)` \| (?<references>[^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();

    [GeneratedRegex(@"EdgeMer\.[A-Za-z.]*[A-Za-z]")]
    private static partial Regex ProjectName();
}
