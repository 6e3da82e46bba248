using System.CommandLine;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Host.Commands;

/// <summary><c>edgemer keys generate</c>: CURVE key pairs for the device and its subscribers.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name")
        {
            Description = "Key name: files NAME.key (public, share it) and NAME.key_secret (mode 0600, keep it).",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Directory to write the key files to (created if missing).",
            DefaultValueFactory = _ => ".",
        };
        var generate = new Command("generate", "Write a new CURVE key pair. Existing key files are never overwritten.");
        generate.Options.Add(name);
        generate.Options.Add(output);
        generate.SetAction(parse =>
        {
            ZmqLibraryInfo library = ZmqLibrary.Probe();
            if (!library.IsAvailable || !library.HasCurve)
            {
                Console.Error.WriteLine($"edgemer keys: {library.Problem ?? "this libzmq was built without CURVE"}");
                return 1;
            }

            try
            {
                CurveKeyPair keys = CurveKeyPair.Generate();
                (string publicPath, string secretPath) = CurveKeyFile.Write(keys, parse.GetValue(output)!, parse.GetValue(name)!);
                Console.WriteLine($"public key  {keys.PublicKey}");
                Console.WriteLine($"wrote       {publicPath} (share with peers; clients' go in the device's allow-list directory)");
                Console.WriteLine($"wrote       {secretPath} (mode 0600; never share)");
                return 0;
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"edgemer keys: {e.Message}");
                return 1;
            }
        });

        var keys = new Command("keys", "Manage CURVE keys for encrypted, allow-listed egress and control.");
        keys.Subcommands.Add(generate);
        return keys;
    }
}
