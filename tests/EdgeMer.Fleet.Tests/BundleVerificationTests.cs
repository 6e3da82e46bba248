using System.Formats.Tar;
using System.Text;
using EdgeMer.Fleet.Bundles;
using EdgeMer.Fleet.Trust;

namespace EdgeMer.Fleet.Tests;

public sealed class BundleVerificationTests : IDisposable
{
    private readonly BundleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_bundle_signed_by_enough_trusted_keys_verifies_and_stages_every_file_byte_for_byte()
    {
        string archive = _fixture.Bundle(3, _fixture.First, _fixture.Second);
        string staged = _fixture.PathOf("staged");

        VerifiedBundle bundle = BundleReader.Verify(archive, _fixture.Trust, lastAccepted: 2, BundleFixture.Now, staged);

        Assert.Equal(3, bundle.Metadata.Version);
        Assert.Equal(new[] { _fixture.First.KeyId, _fixture.Second.KeyId }.Order(StringComparer.Ordinal), bundle.SignedBy.Order(StringComparer.Ordinal));
        foreach ((string path, string source) in _fixture.Files)
        {
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(staged, path)));
        }

        Assert.Equal(_fixture.Files.Count, Directory.GetFiles(staged, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Inspect_reads_what_a_bundle_says_without_trusting_it()
    {
        string archive = _fixture.Bundle(4, _fixture.Stranger);

        BundleContents contents = BundleReader.Inspect(archive);

        Assert.Equal(4, contents.Metadata.Version);
        Assert.Equal(_fixture.Stranger.KeyId, Assert.Single(contents.Signatures).KeyId);
        Assert.Equal(_fixture.Files.Keys.Order(StringComparer.Ordinal), contents.Metadata.Files.Select(f => f.Path));
    }

    [Fact]
    public void Too_few_trusted_signatures_are_refused_naming_how_many_of_which_kind()
    {
        string archive = _fixture.Bundle(3, _fixture.First, _fixture.Stranger);

        BundleRefusedException refused = Refused(archive);

        Assert.Equal(BundleRefusal.Signature, refused.Refusal);
        Assert.Contains("1 valid from distinct trusted keys, 2 required", refused.Message, StringComparison.Ordinal);
        Assert.Contains("1 by unknown keys", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_signed_twice_counts_once()
    {
        string archive = _fixture.Crafted("twice.bundle", [], _ => { });
        BundleContents contents = BundleReader.Inspect(archive);
        byte[] signature = _fixture.First.Sign(contents.MetadataBytes);
        string doubled = Rewrite(archive, "doubled.bundle", signatures: Encoding.UTF8.GetBytes(
            $$"""{"signatures":[{"keyId":"{{_fixture.First.KeyId}}","signature":"{{Convert.ToBase64String(signature)}}"},{"keyId":"{{_fixture.First.KeyId}}","signature":"{{Convert.ToBase64String(_fixture.First.Sign(contents.MetadataBytes))}}"}]}"""));

        Assert.Equal(BundleRefusal.Signature, Refused(doubled).Refusal);
    }

    [Fact]
    public void Metadata_changed_after_signing_is_refused_as_a_bad_signature()
    {
        string archive = _fixture.Bundle(3, _fixture.First, _fixture.Second);
        BundleContents contents = BundleReader.Inspect(archive);
        byte[] changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(contents.MetadataBytes).Replace("\"version\": 3", "\"version\": 9", StringComparison.Ordinal));
        Assert.NotEqual(contents.MetadataBytes, changed);

        BundleRefusedException refused = Refused(Rewrite(archive, "changed.bundle", metadata: changed));

        Assert.Equal(BundleRefusal.Signature, refused.Refusal);
        Assert.Contains("2 invalid", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void A_version_not_newer_than_the_last_accepted_is_refused(long version)
    {
        string archive = _fixture.Bundle(version, _fixture.First, _fixture.Second);

        BundleRefusedException refused = Refused(archive, lastAccepted: 2);

        Assert.Equal(BundleRefusal.OldVersion, refused.Refusal);
        Assert.Contains($"bundle version {version} is not newer than the version this device last accepted (2)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_bundle_is_refused()
    {
        string archive = _fixture.Bundle("old.bundle", 3, BundleFixture.Now.AddSeconds(-1), _fixture.First, _fixture.Second);

        Assert.Equal(BundleRefusal.Expired, Refused(archive).Refusal);
    }

    [Fact]
    public void A_payload_byte_changed_after_signing_is_refused_and_nothing_stays_staged()
    {
        string archive = _fixture.Bundle(3, _fixture.First, _fixture.Second);
        byte[] bytes = File.ReadAllBytes(archive);
        byte[] model = File.ReadAllBytes(_fixture.Files["store/emotion.fp32.onnx"]);
        int at = bytes.AsSpan().IndexOf(model.AsSpan(0, 64)) + 1000;
        bytes[at] ^= 0x40;
        File.WriteAllBytes(archive, bytes);
        string staged = _fixture.PathOf("staged");

        BundleRefusedException refused = Refused(archive, stageTo: staged);

        Assert.Equal(BundleRefusal.FileMismatch, refused.Refusal);
        Assert.Contains("'store/emotion.fp32.onnx' has sha256", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(staged));
    }

    [Fact]
    public void Every_cut_of_a_bundle_is_refused()
    {
        string archive = _fixture.Bundle(3, _fixture.First, _fixture.Second);
        byte[] bytes = File.ReadAllBytes(archive);
        string cut = _fixture.PathOf("cut.bundle");
        // Every 512-byte block boundary and points inside blocks, up to the last file's end.
        long end = bytes.Length - 1024;
        for (long length = 0; length < end; length += length < 4096 ? 97 : 4099)
        {
            File.WriteAllBytes(cut, bytes.AsSpan(0, (int)length).ToArray());
            BundleRefusedException refused = Refused(cut, stageTo: _fixture.PathOf("staged-cut"));
            Assert.True(refused.Refusal is BundleRefusal.Truncated or BundleRefusal.Malformed, $"cut at {length}: {refused.Refusal} {refused.Message}");
            Assert.False(Directory.Exists(_fixture.PathOf("staged-cut")));
        }
    }

    [Fact]
    public void A_bundle_cut_between_two_files_is_refused_as_truncated()
    {
        byte[] first = Encoding.UTF8.GetBytes("first");
        byte[] second = Encoding.UTF8.GetBytes("second");
        string archive = _fixture.Crafted("short.bundle", [BundleFixture.Listed("a/first", first), BundleFixture.Listed("a/second", second)], writer => BundleFixture.WriteEntry(writer, "payload/a/first", first));

        BundleRefusedException refused = Refused(archive);

        Assert.Equal(BundleRefusal.Truncated, refused.Refusal);
        Assert.Contains("'a/second' is missing", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("store/../../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("store//index.json")]
    [InlineData("store/./index.json")]
    [InlineData("store\\index.json")]
    public void A_listed_path_that_could_leave_the_bundle_is_refused(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes("x");
        string archive = _fixture.Crafted("escape.bundle", [BundleFixture.Listed(path, bytes)], writer => BundleFixture.WriteEntry(writer, "payload/" + path, bytes));

        Assert.Equal(BundleRefusal.UnsafePath, Refused(archive, stageTo: _fixture.PathOf("staged")).Refusal);
        Assert.False(File.Exists(Path.Combine(_fixture.Folder, "escape")));
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink)]
    [InlineData(TarEntryType.HardLink)]
    public void A_link_in_the_archive_is_refused(TarEntryType type)
    {
        byte[] bytes = Encoding.UTF8.GetBytes("x");
        string archive = _fixture.Crafted("link.bundle", [BundleFixture.Listed("store/index.json", bytes)], writer =>
            writer.WriteEntry(new PaxTarEntry(type, "payload/store/index.json") { LinkName = "/etc/passwd" }));

        BundleRefusedException refused = Refused(archive, stageTo: _fixture.PathOf("staged"));

        Assert.Equal(BundleRefusal.UnsafePath, refused.Refusal);
        Assert.Contains("not a plain file", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_the_signed_list_does_not_name_is_refused()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("x");
        string archive = _fixture.Crafted("extra.bundle", [BundleFixture.Listed("a", bytes)], writer =>
        {
            BundleFixture.WriteEntry(writer, "payload/a", bytes);
            BundleFixture.WriteEntry(writer, "payload/b", bytes);
        });

        BundleRefusedException refused = Refused(archive);

        Assert.Equal(BundleRefusal.FileMismatch, refused.Refusal);
        Assert.Contains("'b' is not in the signed file list", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_whose_size_differs_from_the_signed_list_is_refused_before_it_is_read()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("xy");
        string archive = _fixture.Crafted("size.bundle", [BundleFixture.Listed("a", bytes) with { Size = 1 }], writer => BundleFixture.WriteEntry(writer, "payload/a", bytes));

        BundleRefusedException refused = Refused(archive);

        Assert.Equal(BundleRefusal.FileMismatch, refused.Refusal);
        Assert.Contains("is 2 bytes but the signed list says 1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_over_its_limit_is_refused_before_it_is_read()
    {
        string archive = _fixture.Bundle(3, _fixture.First, _fixture.Second);

        BundleRefusedException refused = Assert.Throws<BundleRefusedException>(() =>
            BundleReader.Verify(archive, _fixture.Trust, 0, BundleFixture.Now, limits: BundleLimits.Default with { MaxMetadataBytes = 16 }));

        Assert.Equal(BundleRefusal.Malformed, refused.Refusal);
        Assert.Contains("more than the 16 allowed", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_bundle_is_refused_naming_what_it_found()
    {
        string archive = _fixture.PathOf("not.bundle");
        File.WriteAllBytes(archive, BundleFixture.RandomBytes(5000, seed: 7));

        BundleRefusedException refused = Refused(archive);

        Assert.True(refused.Refusal is BundleRefusal.Malformed or BundleRefusal.Truncated, refused.Message);
    }

    [Fact]
    public void A_trust_root_file_round_trips_and_a_wrong_key_id_in_it_is_refused()
    {
        string path = _fixture.PathOf("trust.json");
        TrustRoot.Write(path, 2, [_fixture.First, _fixture.Second]);
        using (TrustRoot read = TrustRoot.Read(path))
        {
            Assert.Equal(2, read.Threshold);
            Assert.Equal(new[] { _fixture.First.KeyId, _fixture.Second.KeyId }.Order(StringComparer.Ordinal), read.KeyIds.Order(StringComparer.Ordinal));
        }

        File.WriteAllText(path, File.ReadAllText(path).Replace(_fixture.First.KeyId, _fixture.Stranger.KeyId, StringComparison.Ordinal));
        InvalidDataException wrong = Assert.Throws<InvalidDataException>(() => TrustRoot.Read(path));
        Assert.Contains("does not match its public key", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_written_as_PEM_read_back_with_the_same_id_and_the_secret_is_owner_only()
    {
        string folder = _fixture.PathOf("keys");
        (string publicPath, string privatePath) = _fixture.First.WritePem(folder, "release-1");

        using SigningKey secret = SigningKey.ReadPem(privatePath);
        using SigningKey open = SigningKey.ReadPem(publicPath);

        Assert.Equal(_fixture.First.KeyId, secret.KeyId);
        Assert.Equal(_fixture.First.KeyId, open.KeyId);
        Assert.True(secret.HasPrivateKey);
        Assert.False(open.HasPrivateKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));
        Assert.Throws<IOException>(() => _fixture.First.WritePem(folder, "release-1"));
    }

    private BundleRefusedException Refused(string archive, long lastAccepted = 0, string? stageTo = null) =>
        Assert.Throws<BundleRefusedException>(() => BundleReader.Verify(archive, _fixture.Trust, lastAccepted, BundleFixture.Now, stageTo));

    /// <summary>The archive with its metadata or signatures entry replaced, the rest copied.</summary>
    private string Rewrite(string archive, string name, byte[]? metadata = null, byte[]? signatures = null)
    {
        string target = _fixture.PathOf(name);
        using FileStream input = File.OpenRead(archive);
        using var reader = new TarReader(input);
        using FileStream output = File.Create(target);
        using var writer = new TarWriter(output, TarEntryFormat.Pax);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            if (entry.Name == BundleArchive.MetadataEntry && metadata is not null)
            {
                BundleFixture.WriteEntry(writer, entry.Name, metadata);
            }
            else if (entry.Name == BundleArchive.SignaturesEntry && signatures is not null)
            {
                BundleFixture.WriteEntry(writer, entry.Name, signatures);
            }
            else
            {
                writer.WriteEntry(entry);
            }
        }

        return target;
    }
}
