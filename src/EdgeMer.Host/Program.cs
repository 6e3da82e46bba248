using System.CommandLine;

namespace EdgeMer.Host;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("EdgeMer: on-device multimodal emotion recognition.");
        return root.Parse(args).Invoke();
    }
}
