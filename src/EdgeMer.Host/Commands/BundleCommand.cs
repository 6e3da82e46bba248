using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using EdgeMer.Fleet.Bundles;
using EdgeMer.Fleet.Trust;
using EdgeMer.Platform;

namespace EdgeMer.Host.Commands;

/// <summary>
/// <c>edgemer bundle keygen|trust|create|sign|verify|inspect|mender</c>: signed model bundles for fleet
/// updates (docs/fleet.md), from the signing keys to the check a device makes.
/// </summary>
internal static class BundleCommand
{
    public static Command Create()
    {
        var command = new Command("bundle", "Signed model bundles for fleet updates: keys, the device's trust root, making, signing, checking and showing bundles.");
        command.Subcommands.Add(Keygen());
        command.Subcommands.Add(Trust());
        command.Subcommands.Add(CreateBundle());
        command.Subcommands.Add(Sign());
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(Mender());
        return command;
    }

    private static Command Keygen()
    {
        var name = new Option<string>("--name") { Description = "Key name: files NAME.key.pem (public) and NAME.key_secret.pem (owner-only).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write the key files to (created if missing).", DefaultValueFactory = _ => "." };
        var command = new Command("keygen", "Write a new ECDSA P-256 bundle signing key pair; existing key files are never overwritten.") { name, output };
        command.SetAction(parse => Run(parse, _ =>
        {
            using SigningKey key = SigningKey.Generate();
            (string publicPath, string privatePath) = key.WritePem(parse.GetValue(output)!, parse.GetValue(name)!);
            Console.WriteLine($"key id      {key.KeyId}");
            Console.WriteLine($"wrote       {publicPath} (public: goes into devices' trust roots)");
            Console.WriteLine($"wrote       {privatePath} (secret, mode 0600: signs bundles; keep it off devices)");
            return 0;
        }));
        return command;
    }

    private static Command Trust()
    {
        var keys = new Option<string[]>("--key") { Description = "A public (or secret) key PEM file; repeat for each trusted key.", Required = true, AllowMultipleArgumentsPerToken = true };
        var threshold = new Option<int>("--threshold") { Description = "How many distinct trusted keys must sign a bundle.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "The trust root file to write (trust.json, installed on the device).", Required = true };
        var command = new Command("trust", "Write a device trust root: the keys that may sign bundles and the threshold.") { keys, threshold, output };
        command.SetAction(parse => Run(parse, _ =>
        {
            var loaded = new List<SigningKey>();
            try
            {
                foreach (string path in parse.GetValue(keys)!)
                {
                    loaded.Add(SigningKey.ReadPem(path));
                }

                TrustRoot.Write(parse.GetValue(output)!, parse.GetValue(threshold), loaded);
                Console.WriteLine($"wrote {parse.GetValue(output)}: {loaded.Count} keys, threshold {parse.GetValue(threshold)}");
                return 0;
            }
            finally
            {
                foreach (SigningKey key in loaded)
                {
                    key.Dispose();
                }
            }
        }));
        return command;
    }

    private static Command CreateBundle()
    {
        var store = new Option<string>("--store") { Description = "A model store folder (index.json and the .onnx files it lists) to carry as store/." };
        var catalog = new Option<string>("--catalog") { Description = "A catalog folder (model manifests and licenses/) to carry as models/." };
        var config = new Option<string>("--config") { Description = "A configuration file to carry as config/edgemer.json." };
        var version = new Option<long>("--version") { Description = "The bundle version: greater than every bundle before it.", Required = true };
        var created = new Option<string>("--created") { Description = "When it was made (ISO 8601); default: now. Set it for a bundle made again to be the same." };
        var expires = new Option<string>("--expires") { Description = "When devices stop accepting it (ISO 8601, e.g. 2027-03-01T00:00:00Z); default: 30 days after it was made." };
        var description = new Option<string>("--description") { Description = "What changed, for people." };
        var output = new Option<string>("--out") { Description = "The bundle file to write.", Required = true };
        var command = new Command("create", "Make an unsigned bundle of a model store, a catalog and a configuration, with every file's sha256 and size.") { store, catalog, config, version, created, expires, description, output };
        command.SetAction(parse => Run(parse, _ =>
        {
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            if (parse.GetValue(store) is { } storeFolder)
            {
                AddFolder(files, "store", storeFolder);
            }

            if (parse.GetValue(catalog) is { } catalogFolder)
            {
                AddFolder(files, "models", catalogFolder);
            }

            if (parse.GetValue(config) is { } configFile)
            {
                files["config/edgemer.json"] = configFile;
            }

            if (files.Count == 0)
            {
                throw new ArgumentException("nothing to bundle: give --store, --catalog or --config");
            }

            DateTimeOffset now = parse.GetValue(created) is { } made
                ? DateTimeOffset.Parse(made, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : DateTimeOffset.UtcNow;
            DateTimeOffset until = parse.GetValue(expires) is { } text
                ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : now.AddDays(30);
            BundleMetadata metadata = BundleWriter.Create(parse.GetValue(output)!, files, parse.GetValue(version), now, until, parse.GetValue(description));
            Console.WriteLine($"wrote {parse.GetValue(output)}: version {metadata.Version}, {metadata.Files.Count} files, {metadata.Files.Sum(f => f.Size)} bytes, expires {metadata.Expires:O}; unsigned: sign it with 'edgemer bundle sign'");
            return 0;
        }));
        return command;
    }

    private static Command Sign()
    {
        var bundle = new Option<string>("--bundle") { Description = "The bundle to sign (rewritten in place unless --out).", Required = true };
        var key = new Option<string>("--key") { Description = "The signing key (NAME.key_secret.pem).", Required = true };
        var output = new Option<string>("--out") { Description = "Write the signed bundle here instead." };
        var command = new Command("sign", "Add a signature over a bundle's metadata (a key signs once; signing again replaces its signature).") { bundle, key, output };
        command.SetAction(parse => Run(parse, _ =>
        {
            using SigningKey signing = SigningKey.ReadPem(parse.GetValue(key)!);
            BundleWriter.Sign(parse.GetValue(bundle)!, signing, parse.GetValue(output));
            Console.WriteLine($"signed {parse.GetValue(output) ?? parse.GetValue(bundle)} with key {signing.KeyId}");
            return 0;
        }));
        return command;
    }

    private static Command Verify()
    {
        var bundle = new Option<string>("--bundle") { Description = "The bundle to check.", Required = true };
        var trust = new Option<string>("--trust") { Description = "The trust root (trust.json).", Required = true };
        var last = new Option<long>("--last-version") { Description = "The version the device last accepted (0: none).", DefaultValueFactory = _ => 0 };
        var extract = new Option<string>("--extract") { Description = "Stage the verified files into this new folder." };
        var command = new Command("verify", "Check a bundle as a device does: signatures and threshold, version, expiry, every path, size and sha256. Exit 0 when accepted, 2 when refused.") { bundle, trust, last, extract };
        command.SetAction(parse => Run(parse, _ =>
        {
            using TrustRoot root = TrustRoot.Read(parse.GetValue(trust)!);
            try
            {
                VerifiedBundle verified = BundleReader.Verify(parse.GetValue(bundle)!, root, parse.GetValue(last), DateTimeOffset.UtcNow, parse.GetValue(extract));
                Console.WriteLine($"accepted: version {verified.Metadata.Version}, {verified.Metadata.Files.Count} files, signed by {string.Join(", ", verified.SignedBy)} ({root.Threshold} required)");
                return 0;
            }
            catch (BundleRefusedException e)
            {
                Console.Error.WriteLine($"refused ({e.RefusalId}): {e.Message}");
                return 2;
            }
        }));
        return command;
    }

    private static Command Inspect()
    {
        var bundle = new Option<string>("--bundle") { Description = "The bundle to show.", Required = true };
        var command = new Command("inspect", "Show what a bundle says about itself (version, expiry, files, signing key ids) without checking it.") { bundle };
        command.SetAction(parse => Run(parse, _ =>
        {
            BundleContents contents = BundleReader.Inspect(parse.GetValue(bundle)!);
            BundleMetadata metadata = contents.Metadata;
            Console.WriteLine($"format      {metadata.Format}");
            Console.WriteLine($"version     {metadata.Version}");
            Console.WriteLine($"created     {metadata.Created:O}");
            Console.WriteLine($"expires     {metadata.Expires:O}");
            if (metadata.Description is { } text)
            {
                Console.WriteLine($"description {text}");
            }

            foreach (BundleSignature signature in contents.Signatures)
            {
                Console.WriteLine($"signed by   {signature.KeyId}");
            }

            foreach (BundleFile file in metadata.Files)
            {
                Console.WriteLine($"file        {file.Sha256} {file.Size,12} {file.Path}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Mender()
    {
        var bundle = new Option<string>("--bundle") { Description = "The signed bundle to wrap.", Required = true };
        var deviceTypes = new Option<string[]>("--device-type") { Description = "A Mender device type the artifact is for; repeat for several.", Required = true, AllowMultipleArgumentsPerToken = true };
        var name = new Option<string>("--name") { Description = "The artifact name (default: edgemer-bundle-<version>)." };
        var output = new Option<string>("--out") { Description = "The .mender file to write.", Required = true };
        var command = new Command("mender", "Wrap a signed bundle as a Mender module artifact (type edgemer-bundle) with mender-artifact, for the update module in src/EdgeMer.Fleet/Mender.") { bundle, deviceTypes, name, output };
        command.SetAction(parse => Run(parse, _ =>
        {
            string path = parse.GetValue(bundle)!;
            BundleContents contents = BundleReader.Inspect(path);
            string artifact = parse.GetValue(name) ?? $"edgemer-bundle-{contents.Metadata.Version.ToString(CultureInfo.InvariantCulture)}";
            var arguments = new List<string> { "write", "module-image", "-T", "edgemer-bundle", "-n", artifact, "-f", path, "-o", parse.GetValue(output)! };
            foreach (string type in parse.GetValue(deviceTypes)!)
            {
                arguments.AddRange(["-t", type]);
            }

            ExternalProgramResult result;
            try
            {
                result = ExternalProgram.Run("mender-artifact", arguments, TimeSpan.FromMinutes(10));
            }
            catch (InvalidOperationException e)
            {
                throw new IOException($"mender-artifact could not be run (Debian: apt-get install mender-artifact): {e.Message}", e);
            }

            if (result.ExitCode != 0)
            {
                throw new IOException($"mender-artifact exited {result.ExitCode}: {result.StandardError.Trim()}");
            }

            Console.WriteLine($"wrote {parse.GetValue(output)}: Mender artifact {artifact} of type edgemer-bundle carrying bundle version {contents.Metadata.Version}");
            return 0;
        }));
        return command;
    }

    private static void AddFolder(Dictionary<string, string> files, string prefix, string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: no such folder");
        }

        foreach (string path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            // Lock files and dot files are the store builder's own bookkeeping, not content.
            if (relative.Split('/').Any(s => s.StartsWith('.')) || relative.EndsWith(".lock", StringComparison.Ordinal))
            {
                continue;
            }

            files[$"{prefix}/{relative}"] = path;
        }
    }

    private static int Run(ParseResult parse, Func<ParseResult, int> action)
    {
        try
        {
            return action(parse);
        }
        catch (BundleRefusedException e)
        {
            Console.Error.WriteLine($"edgemer bundle: refused ({e.RefusalId}): {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException or InvalidDataException or FormatException)
        {
            Console.Error.WriteLine($"edgemer bundle: {e.Message}");
            return 1;
        }
    }
}
