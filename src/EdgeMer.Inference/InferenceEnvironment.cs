using EdgeMer.Inference.Interop.OnnxRuntime;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference;

/// <summary>
/// The process's ONNX Runtime environment. ONNX Runtime keeps one per process, so EdgeMer creates
/// it exactly once (<see cref="Initialize"/>) and every session is created inside it. It routes
/// ONNX Runtime's own log messages to an <see cref="ILogger"/> and, when asked, owns thread pools
/// that opted-in sessions share so several models on a small board do not oversubscribe it.
/// </summary>
public sealed partial class InferenceEnvironment
{
    private static readonly Lock s_gate = new();
    private static InferenceEnvironment? s_current;

    private readonly ILogger _logger;

    private InferenceEnvironment(OrtEnvHandle handle, InferenceEnvironmentOptions options, ILoggerFactory loggerFactory, OnnxRuntimeInfo runtime)
    {
        Handle = handle;
        LogLevel = options.LogLevel;
        HasGlobalThreadPools = options.GlobalThreadPools is not null;
        LoggerFactory = loggerFactory;
        Runtime = runtime;
        _logger = loggerFactory.CreateLogger<InferenceEnvironment>();
    }

    /// <summary>The environment created by <see cref="Initialize"/>; throws if there is none yet.</summary>
    public static InferenceEnvironment Current =>
        Volatile.Read(ref s_current)
        ?? throw new InvalidOperationException("The ONNX Runtime environment has not been created; call InferenceEnvironment.Initialize once at start-up.");

    /// <summary>Whether <see cref="Initialize"/> has run in this process.</summary>
    public static bool IsInitialized => Volatile.Read(ref s_current) is not null;

    /// <summary>The ONNX Runtime this environment runs on.</summary>
    public OnnxRuntimeInfo Runtime { get; }

    /// <summary>The least severe ONNX Runtime message logged by default.</summary>
    public LogLevel LogLevel { get; }

    /// <summary>Whether shared thread pools exist for sessions with <see cref="InferenceSessionOptions.UseGlobalThreadPools"/>.</summary>
    public bool HasGlobalThreadPools { get; }

    internal OrtEnvHandle Handle { get; }

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// Creates the process's environment: loads ONNX Runtime (see <see cref="OnnxRuntimeLibrarySearch"/>),
    /// routes its messages to <paramref name="loggerFactory"/>, and creates the global thread pools if asked.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and what is allowed.</exception>
    /// <exception cref="InvalidOperationException">The environment already exists.</exception>
    /// <exception cref="OnnxRuntimeLibraryNotFoundException">No usable ONNX Runtime library was found.</exception>
    public static InferenceEnvironment Initialize(InferenceEnvironmentOptions options, ILoggerFactory loggerFactory) =>
        Create(options, loggerFactory, existing: false);

    /// <summary>
    /// The process's environment: the existing one (its options and logger stay as they were; check
    /// <see cref="HasGlobalThreadPools"/>), or a new one created as <see cref="Initialize"/> does.
    /// For code that may run after another part of the process created it (tools, several hosts in one process).
    /// </summary>
    public static InferenceEnvironment GetOrInitialize(InferenceEnvironmentOptions options, ILoggerFactory loggerFactory) =>
        Create(options, loggerFactory, existing: true);

    private static InferenceEnvironment Create(InferenceEnvironmentOptions options, ILoggerFactory loggerFactory, bool existing)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid inference environment options: " + string.Join("; ", problems), nameof(options));
        }

        lock (s_gate)
        {
            if (s_current is not null)
            {
                if (existing)
                {
                    return s_current;
                }

                throw new InvalidOperationException(
                    "The ONNX Runtime environment already exists; ONNX Runtime allows one per process, so create it once at start-up and use InferenceEnvironment.Current.");
            }

            OnnxRuntimeInfo runtime = OnnxRuntimeInfo.Current;
            var sink = new OnnxRuntimeLogger(loggerFactory.CreateLogger("EdgeMer.Inference.OnnxRuntime"));
            OrtEnvHandle handle = Ort.CreateEnvironment(
                OnnxRuntimeLogLevels.ToSeverity(options.LogLevel), options.LogId, sink, options.GlobalThreadPools);
            var environment = new InferenceEnvironment(handle, options, loggerFactory, runtime);
            if (environment._logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information))
            {
                string providers = string.Join(", ", runtime.AvailableProviders);
                string pools = DescribePools(options.GlobalThreadPools);
                Log.Created(environment._logger, runtime.Version, runtime.ApiVersion, runtime.LibraryPath, providers, pools);
            }

            Volatile.Write(ref s_current, environment);
            return environment;
        }
    }

    private static string DescribePools(GlobalThreadPoolOptions? pools) =>
        pools is null
            ? "none"
            : $"intra-op {Threads(pools.IntraOpThreads)}, inter-op {Threads(pools.InterOpThreads)}, spinning {(pools.AllowSpinning ? "on" : "off")}";

    private static string Threads(int count) => count == 0 ? "default" : count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
