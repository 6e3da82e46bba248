using System.CommandLine;
using EdgeMer.Host.Commands;

namespace EdgeMer.Host;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("EdgeMer: on-device multimodal emotion recognition.")
        {
            RunCommand.Create(),
            DoctorCommand.Create(),
            BenchCommand.Create(),
            ModelsCommand.Create(),
            KeysCommand.Create(),
            ListenCommand.Create(),
            BridgeCommand.Create(),
            PerceiveCommand.Create(),
            ServiceCommand.Create(),
            BundleCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
