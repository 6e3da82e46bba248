using System.Threading.Channels;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMer.Models.Tooling.Tests;

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

        ModelIndex index = Store().Store.ReadIndex();
        Assert.Equal(["emotion", "iris"], index.Models.Select(m => m.Id).Order(StringComparer.Ordinal));
        foreach (ModelIndexEntry entry in index.Models)
        {
            Assert.Equal(entry.Sha256, ModelStore.Sha256Hex(File.ReadAllBytes(Path.Combine(StoreFolder, entry.File))));
        }
    }

    [Fact]
    public async Task A_build_that_cannot_get_the_store_lock_backs_off_to_half_a_second_gives_up_at_the_timeout_naming_the_lock_and_changes_nothing()
    {
        var clock = new WaitRecordingClock();
        ModelStoreBuilder store = Store(lockTimeout: TimeSpan.FromSeconds(2), clock);
        Directory.CreateDirectory(StoreFolder);
        using (var otherBuild = new FileStream(store.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Task<IReadOnlyList<string>> build = Task.Run(() => store.Build(CatalogOf("silero-vad")));

            // Each pause the build asks for passes on the fake clock at once; nothing here waits in real time.
            var pauses = new List<TimeSpan>();
            while (await clock.NextWaitOrEnd(build) is { } pause)
            {
                pauses.Add(pause);
                clock.Advance(pause);
            }

            IOException error = await Assert.ThrowsAsync<IOException>(() => build);
            Assert.Equal([20, 40, 80, 160, 320, 500, 500, 380], pauses.Select(p => p.TotalMilliseconds));
            Assert.Equal(store.LockTimeout, clock.GetUtcNow() - clock.Start);
            Assert.Contains(store.LockPath, error.Message, StringComparison.Ordinal);
            Assert.Contains("another process", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal([store.LockPath], Directory.GetFileSystemEntries(StoreFolder));
    }

    [Fact]
    public async Task A_build_waiting_for_the_lock_goes_ahead_once_the_other_build_releases_it()
    {
        var clock = new WaitRecordingClock();
        ModelStoreBuilder store = Store(lockTimeout: TimeSpan.FromSeconds(2), clock);
        Directory.CreateDirectory(StoreFolder);
        var otherBuild = new FileStream(store.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        Task<IReadOnlyList<string>> build = Task.Run(() => store.Build(CatalogOf("silero-vad")));

        TimeSpan? first = await clock.NextWaitOrEnd(build);
        Assert.Equal(TimeSpan.FromMilliseconds(20), first);
        otherBuild.Dispose();
        clock.Advance(first!.Value);

        IReadOnlyList<string> report = await build.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.StartsWith("silero-vad: built", Assert.Single(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_takes_the_lock_its_predecessor_left_behind_once_that_build_has_ended()
    {
        ModelStoreBuilder store = Store(lockTimeout: TimeSpan.FromSeconds(1));
        Directory.CreateDirectory(StoreFolder);
        new FileStream(store.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None).Dispose();

        IReadOnlyList<string> report = store.Build(CatalogOf("silero-vad"));

        Assert.StartsWith("silero-vad: built", Assert.Single(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_puts_each_models_licence_texts_beside_it_in_the_store()
    {
        ModelStoreBuilder store = Store();

        store.Build(CatalogOf("iris"));

        foreach (string file in (string[])["licenses/Apache-2.0.txt", "licenses/MIT-human-models.txt", "licenses/NOTICE"])
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "models", file)), File.ReadAllBytes(store.Store.LicensePath(file)));
        }
    }

    [Fact]
    public void A_manifest_change_that_the_converted_model_carries_rebuilds_it()
    {
        // The licence is written into the converted model's metadata: changing it must not leave the old one there.
        ModelStoreBuilder store = Store();
        ModelCatalog catalog = CatalogOf("iris");
        store.Build(catalog);
        string manifest = Path.Combine(catalog.Folder, "iris.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"name\": \"Apache-2.0\"", "\"name\": \"CC-BY-4.0\"", StringComparison.Ordinal));

        IReadOnlyList<string> report = store.Build(ModelCatalog.Load(catalog.Folder));

        Assert.StartsWith("iris: built", Assert.Single(report), StringComparison.Ordinal);
        Assert.Equal("CC-BY-4.0", EdgeMer.Onnx.OnnxModel.Load(store.ModelPath("iris")).FindMetadata("edgemer.license"));
    }

    private ModelStoreBuilder Store(TimeSpan? lockTimeout = null, TimeProvider? clock = null) =>
        new(StoreFolder, Path.Combine(RepoPaths.Cache, "npm")) { LockTimeout = lockTimeout ?? TimeSpan.FromMinutes(5), TimeProvider = clock ?? TimeProvider.System };

    /// <summary>A catalog holding only the repository's manifest of <paramref name="id"/>, with the licence texts it names.</summary>
    private ModelCatalog CatalogOf(string id) => ModelCatalog.Load(CatalogCopy.Create(Path.Combine(_folder, "catalog-" + id), id));

    /// <summary>A fake clock that reports each wait the code under test starts on it, so a test can let exactly that much time pass.</summary>
    private sealed class WaitRecordingClock : FakeTimeProvider
    {
        private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ITimer timer = base.CreateTimer(callback, state, dueTime, period);
            _waits.Writer.TryWrite(dueTime);
            return timer;
        }

        /// <summary>The next wait started on this clock, or null once <paramref name="work"/> has ended instead.</summary>
        public async Task<TimeSpan?> NextWaitOrEnd(Task work)
        {
            Task<TimeSpan> wait = _waits.Reader.ReadAsync().AsTask();
            Task first = await Task.WhenAny(wait, work).WaitAsync(TimeSpan.FromMinutes(1));
            return first == wait ? await wait : null;
        }
    }
}
