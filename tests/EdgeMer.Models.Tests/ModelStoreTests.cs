using EdgeMer.Models.Catalog;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tests;

/// <summary>A store that several builds share: each build's read-modify-write of the index is exclusive.</summary>
public sealed class ModelStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string StoreFolder => Path.Combine(_folder, "store");

    [Fact]
    public async Task Two_builds_of_different_models_into_one_store_at_the_same_time_both_end_up_indexed()
    {
        // Without the lock both read the empty index, convert, and the later write drops the other's entry.
        ModelCatalog emotion = CatalogOf("emotion");
        ModelCatalog iris = CatalogOf("iris");
        var first = Store();
        var second = Store();
        using var start = new Barrier(2);

        Task<IReadOnlyList<string>> building = Task.Run(() => { start.SignalAndWait(); return first.Build(emotion); });
        Task<IReadOnlyList<string>> alsoBuilding = Task.Run(() => { start.SignalAndWait(); return second.Build(iris); });
        await Task.WhenAll(building, alsoBuilding).WaitAsync(TimeSpan.FromMinutes(5));

        ModelIndex index = Store().ReadIndex();
        Assert.Equal(["emotion", "iris"], index.Models.Select(m => m.Id).Order(StringComparer.Ordinal));
        foreach (ModelIndexEntry entry in index.Models)
        {
            Assert.Equal(entry.Sha256, ModelStore.Sha256Hex(File.ReadAllBytes(Path.Combine(StoreFolder, entry.File))));
        }
    }

    [Fact]
    public void A_build_that_cannot_get_the_store_lock_in_time_is_an_error_naming_the_lock_and_changes_nothing()
    {
        ModelStore store = Store(lockTimeout: TimeSpan.FromSeconds(1));
        Directory.CreateDirectory(StoreFolder);
        using (var otherBuild = new FileStream(store.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            IOException error = Assert.Throws<IOException>(() => store.Build(CatalogOf("silero-vad")));

            Assert.Contains(store.LockPath, error.Message, StringComparison.Ordinal);
            Assert.Contains("another process", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal([store.LockPath], Directory.GetFileSystemEntries(StoreFolder));
    }

    [Fact]
    public void A_build_takes_the_lock_its_predecessor_left_behind_once_that_build_has_ended()
    {
        ModelStore store = Store(lockTimeout: TimeSpan.FromSeconds(1));
        Directory.CreateDirectory(StoreFolder);
        new FileStream(store.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None).Dispose();

        IReadOnlyList<string> report = store.Build(CatalogOf("silero-vad"));

        Assert.StartsWith("silero-vad: built", Assert.Single(report), StringComparison.Ordinal);
    }

    private ModelStore Store(TimeSpan? lockTimeout = null) =>
        new(StoreFolder, Path.Combine(RepoPaths.Cache, "npm")) { LockTimeout = lockTimeout ?? TimeSpan.FromMinutes(5) };

    /// <summary>A catalog holding only the repository's manifest of <paramref name="id"/>.</summary>
    private ModelCatalog CatalogOf(string id)
    {
        string folder = Path.Combine(_folder, "catalog-" + id);
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(RepoPaths.Root, "models", id + ".json"), Path.Combine(folder, id + ".json"));
        return ModelCatalog.Load(folder);
    }
}
