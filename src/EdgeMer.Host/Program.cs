using System.CommandLine;
using EdgeMer.Host.Commands;

namespace EdgeMer.Host;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("EdgeMer: on-device multimodal emotion recognition.");

        // `bench` gathers the benchmarks; each one contributes its own subcommand.
        var bench = new Command("bench", "Measure EdgeMer's parts on this machine; --json for machine-readable figures.");
        bench.Subcommands.Add(BenchZmqCommand.Create());
        root.Subcommands.Add(bench);
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(ListenCommand.Create());
        return root.Parse(args).Invoke();
    }
}
