using System.Runtime.InteropServices;
using EdgeMer.Platform;
using EdgeMer.Messaging.Security;

namespace EdgeMer.Messaging.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class CurveKeyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgemer-keys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Written_keys_load_back_with_a_private_secret_and_a_readable_public_file()
    {
        CurveKeyPair keys = CurveKeyPair.Generate();

        (string publicPath, string secretPath) = CurveKeyFile.Write(keys, _directory, "server");

        Assert.Equal(Path.Combine(_directory, "server.key"), publicPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretPath));
        Assert.True(File.GetUnixFileMode(publicPath).HasFlag(UnixFileMode.OtherRead));
        Assert.DoesNotContain("secret-key", File.ReadAllText(publicPath), StringComparison.Ordinal);
        Assert.Equal(keys.PublicKey, CurveKeyFile.LoadPublicKey(publicPath));
        Assert.Equal(keys.PublicKey, CurveKeyFile.LoadKeyPair(secretPath).PublicKey);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp*"));
    }

    [Fact]
    public void A_secret_key_file_other_users_can_read_is_refused()
    {
        (_, string secretPath) = CurveKeyFile.Write(CurveKeyPair.Generate(), _directory, "server");
        File.SetUnixFileMode(secretPath, File.GetUnixFileMode(secretPath) | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<CurveKeyFileException>(() => CurveKeyFile.LoadKeyPair(secretPath));

        Assert.Contains("accessible to other users (mode 0644)", error.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_key_file_reached_through_a_symbolic_link_is_refused()
    {
        (_, string secretPath) = CurveKeyFile.Write(CurveKeyPair.Generate(), _directory, "server");
        string link = Path.Combine(_directory, "linked.key_secret");
        File.CreateSymbolicLink(link, secretPath);

        var error = Assert.Throws<CurveKeyFileException>(() => CurveKeyFile.LoadKeyPair(link));

        Assert.Equal(link, error.FilePath);
        Assert.Contains($"{link} is a symbolic link (to {secretPath})", error.Message, StringComparison.Ordinal);
        CurveKeyFile.LoadKeyPair(secretPath);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_secret_key_file_owned_by_another_user_is_refused()
    {
        string path;
        uint owner;
        if (UnixFileStatus.EffectiveUserId == 0)
        {
            // As root: hand a well-formed private key file to another user.
            (_, path) = CurveKeyFile.Write(CurveKeyPair.Generate(), _directory, "server");
            owner = 65534;
            Assert.Equal(0, ChangeOwner(path, owner, owner));
        }
        else
        {
            // As anyone else: any file root owns will do, since ownership is checked first.
            path = "/etc/passwd";
            owner = 0;
        }

        var error = Assert.Throws<CurveKeyFileException>(() => CurveKeyFile.LoadKeyPair(path));

        Assert.Contains($"{path} is owned by uid {owner}, not by uid {UnixFileStatus.EffectiveUserId}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_secret_key_file_is_named_in_the_error()
    {
        string path = Path.Combine(_directory, "absent.key_secret");

        var error = Assert.Throws<CurveKeyFileException>(() => CurveKeyFile.LoadKeyPair(path));

        Assert.Equal($"CURVE key file {path} does not exist", error.Message);
    }

    [Fact]
    public void Existing_keys_are_never_overwritten()
    {
        CurveKeyFile.Write(CurveKeyPair.Generate(), _directory, "server");
        string before = File.ReadAllText(Path.Combine(_directory, "server.key_secret"));

        Assert.Throws<IOException>(() => CurveKeyFile.Write(CurveKeyPair.Generate(), _directory, "server"));

        Assert.Equal(before, File.ReadAllText(Path.Combine(_directory, "server.key_secret")));
    }

    [Fact]
    public void A_malformed_key_file_is_refused_with_the_file_and_the_problem()
    {
        string path = Path.Combine(_directory, "broken.key");
        File.WriteAllText(path, "curve\n    public-key = \"too-short\"\n");

        var error = Assert.Throws<CurveKeyFileException>(() => CurveKeyFile.LoadPublicKey(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a 40-character Z85 key (9 characters)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_key_file_whose_public_key_does_not_match_is_refused()
    {
        (_, string secretPath) = CurveKeyFile.Write(CurveKeyPair.Generate(), _directory, "server");
        string other = CurveKeyPair.Generate().PublicKey.Z85Text;
        string text = File.ReadAllText(secretPath);
        string original = text.Split('"')[3];
        File.WriteAllText(secretPath, text.Replace(original, other, StringComparison.Ordinal));
        File.SetUnixFileMode(secretPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Assert.Throws<CurveKeyFileException>(() => CurveKeyFile.LoadKeyPair(secretPath));

        Assert.Contains("does not belong to its secret-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_allow_list_directory_names_clients_after_their_key_files_and_refuses_secret_keys()
    {
        CurveKeyPair dashboard = CurveKeyPair.Generate();
        string clients = Path.Combine(_directory, "clients");
        (string publicPath, string secretPath) = CurveKeyFile.Write(dashboard, _directory, "dashboard");
        Directory.CreateDirectory(clients);
        File.Copy(publicPath, Path.Combine(clients, "dashboard.key"));

        ClientAllowList list = ClientAllowList.LoadDirectory(clients);

        Assert.Equal(1, list.Count);
        Assert.True(list.TryGetClientName(dashboard.PublicKey, out string? name));
        Assert.Equal("dashboard", name);
        Assert.False(list.TryGetClientName(CurveKeyPair.Generate().PublicKey, out _));

        File.Copy(secretPath, Path.Combine(clients, "dashboard.key_secret"));
        Assert.Throws<CurveKeyFileException>(() => ClientAllowList.LoadDirectory(clients));
    }

    [LibraryImport("libc.so.6", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChangeOwner(string path, uint owner, uint group);
}
