using EdgeMer.Devices;
using EdgeMer.Inference;
using EdgeMer.Messaging.Security;
using EdgeMer.Models.Catalog;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Runtime.Sensing;

namespace EdgeMer.Runtime;

/// <summary>
/// One validated, loaded configuration of the runtime: the device profile, a session per model, the
/// client allow-list, and the sensing and fusion settings the running service takes with it. Built whole or not at all, so a <c>reload</c> that fails leaves the running one as it was.
/// </summary>
public sealed class RuntimeSetup : IDisposable
{
    private RuntimeSetup(RuntimeOptions options, DeviceProfile profile, ModelSource models, ClientAllowList? allowList, SensingOptions sensing, FusionSettings fusion)
    {
        Options = options;
        Sensing = sensing;
        Fusion = fusion;
        Catalog = models.Catalog;
        Store = models.Store;
        Environment = models.Environment;
        SessionOptions = models.SessionOptions;
        Models = models.Loaded;
        Profile = profile;
        AllowList = allowList;
    }

    public RuntimeOptions Options { get; }

    public DeviceProfile Profile { get; }

    /// <summary>What sensing runs with under this setup: the summary interval, looping, the wait before a failed source is opened again, and the sources.</summary>
    public SensingOptions Sensing { get; }

    /// <summary>The fuser's weights, time constants and alert levels under this setup (the purpose is the profile's).</summary>
    public FusionSettings Fusion { get; }

    public IReadOnlyList<LoadedModel> Models { get; }

    /// <summary>The model catalog the setup read.</summary>
    public ModelCatalog Catalog { get; }

    /// <summary>The model store the setup's models were read from (each file checked against its sha256).</summary>
    public ModelStore Store { get; }

    /// <summary>The process's ONNX Runtime environment.</summary>
    public InferenceEnvironment Environment { get; }

    /// <summary>The session options the profile gives (providers, threads): what a pipeline that loads its own sessions uses too.</summary>
    public InferenceSessionOptions SessionOptions { get; }

    /// <summary>The clients CURVE serves, or null when egress is plain.</summary>
    public ClientAllowList? AllowList { get; }

    /// <summary>The provider most models run on (what health reports as the device's provider).</summary>
    public ExecutionProviderKind Provider => Models.Count == 0 ? ExecutionProviderKind.Cpu : Models[0].Session.ExecutionProvider;

    /// <summary>The short id of <see cref="Provider"/> as messages carry it (<c>cpu</c>, <c>tensorrt</c>).</summary>
    public string ProviderId => ExecutionProviderNames.Id(Provider);

    /// <summary>Loads everything <paramref name="options"/> name; throws <see cref="RuntimeConfigurationException"/> naming the problem.</summary>
    /// <param name="options">The runtime's options, already validated.</param>
    /// <param name="security">CURVE settings, already validated.</param>
    /// <param name="environment">The ONNX Runtime environment for the profile (created on first use; process-wide).</param>
    /// <param name="sensing">Sensing's settings, already validated; the defaults when null.</param>
    /// <param name="fusion">Fusion's settings, already validated; the defaults when null.</param>
    public static RuntimeSetup Load(RuntimeOptions options, EgressSecurityOptions security, Func<DeviceProfile, InferenceEnvironment> environment, SensingOptions? sensing = null, FusionSettings? fusion = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(security);
        ArgumentNullException.ThrowIfNull(environment);
        DeviceProfile profile;
        try
        {
            profile = LoadProfile(options);
        }
        catch (DeviceProfileException e)
        {
            throw new RuntimeConfigurationException(e.Message, e);
        }

        ClientAllowList? allowList = null;
        if (security.CurveEnabled)
        {
            try
            {
                allowList = ClientAllowList.LoadDirectory(security.ClientsDirectory!);
            }
            catch (Exception e) when (e is CurveKeyFileException or IOException or UnauthorizedAccessException)
            {
                throw new RuntimeConfigurationException($"{EgressSecurityOptions.Section}:ClientsDirectory: {e.Message}", e);
            }
        }

        ModelSource models = LoadModels(options, profile, environment(profile));
        return new RuntimeSetup(options, profile, models, allowList, sensing ?? new SensingOptions(), fusion ?? new FusionSettings());
    }

    public void Dispose()
    {
        foreach (LoadedModel model in Models)
        {
            model.Session.Dispose();
        }
    }

    private static DeviceProfile LoadProfile(RuntimeOptions options)
    {
        string devices = string.IsNullOrEmpty(options.Devices) ? EdgeMerPaths.Devices : options.Devices;
        return DeviceProfileLoader.Load(DeviceProfileLocation.Resolve(devices, options.Profile, $"{RuntimeOptions.Section}:Profile").Path);
    }

    private static ModelSource LoadModels(RuntimeOptions options, DeviceProfile profile, InferenceEnvironment environment)
    {
        var loaded = new List<LoadedModel>();
        try
        {
            ModelCatalog catalog = ModelCatalog.Load(EdgeMerPaths.Catalog(string.IsNullOrEmpty(options.Catalog) ? null : options.Catalog));
            string storeFolder = string.IsNullOrEmpty(options.ModelStore) ? EdgeMerPaths.ModelStore : options.ModelStore;
            var store = new ModelStore(storeFolder);
            InferenceSessionOptions sessionOptions = DeviceInferenceSettings.SessionOptions(profile, environment.HasGlobalThreadPools);

            var ids = new List<string>(options.Models);
            if (ids.Count == 0)
            {
                foreach (ModelDescription model in catalog.Models)
                {
                    ids.Add(model.Id);
                }
            }

            foreach (string id in ids)
            {
                ModelDescription model = catalog.Find(id);
                string variant = profile.Inference.VariantOf(id);
                VerifiedModel file = store.ReadVariant(model, variant);
                loaded.Add(new LoadedModel(model, file.Sha256, InferenceSession.Load(environment, file.Bytes, $"{id} ({variant})", sessionOptions), variant));
            }

            return new ModelSource(catalog, store, environment, sessionOptions, loaded);
        }
        catch (Exception e) when (e is ModelManifestException or OnnxRuntimeException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            foreach (LoadedModel model in loaded)
            {
                model.Session.Dispose();
            }

            throw new RuntimeConfigurationException($"{RuntimeOptions.Section}:Models: {e.Message}", e);
        }
    }

    private sealed record ModelSource(ModelCatalog Catalog, ModelStore Store, InferenceEnvironment Environment, InferenceSessionOptions SessionOptions, List<LoadedModel> Loaded);
}
