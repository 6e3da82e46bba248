using EdgeMer.Inference.Interop.OnnxRuntime;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference;

/// <summary>
/// The process's ONNX Runtime environment. ONNX Runtime keeps one per process, so EdgeMer creates
/// it exactly once (<see cref="Initialize"/>) and every session is created inside it. It routes
/// ONNX Runtime's own log messages to an <see cref="ILogger"/> and, when asked, owns thread pools
/// that opted-in sessions share so several models on a small board do not oversubscribe it.
/// </summary>
/// <remarks>
/// ONNX Runtime's environment is a process singleton: whoever creates it first sets its logger and
/// thread pools, and a later creator (the official Microsoft.ML.OnnxRuntime API's <c>OrtEnv</c>, for
/// one) silently gets that same environment with its own settings ignored. So create this one
/// first, at start-up; other ONNX Runtime code in the process then joins it, and its sessions log
/// through this environment's logger. If something else got there first, <see cref="Initialize"/>
/// refuses rather than run without the logger and thread pools it was asked for.
/// </remarks>
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
    /// <exception cref="InvalidOperationException">
    /// The environment already exists, or other code in the process created ONNX Runtime's environment first.
    /// </exception>
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
            bool own;
            try
            {
                own = HearsItsOwnSessions(handle, sink);
            }
            catch
            {
                handle.Dispose();
                throw;
            }

            if (!own)
            {
                handle.Dispose();
                throw new InvalidOperationException(
                    "ONNX Runtime's environment was created by other code in this process before EdgeMer's (for example " +
                    "Microsoft.ML.OnnxRuntime's OrtEnv.Instance()): ONNX Runtime keeps one environment per process and ignores " +
                    "a second creator's logger and thread pools. Create EdgeMer's InferenceEnvironment first, at start-up; " +
                    "the other code then joins it.");
            }

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

    // A CreateEnv* call made after another creator returns that creator's environment, whose logger is
    // not EdgeMer's sink. Only a sink ONNX Runtime really installed hears a session logging with a
    // log id of its own, so one tiny session (about a millisecond, once per process) tells which.
    private static bool HearsItsOwnSessions(OrtEnvHandle handle, OrtLogSink sink)
    {
        const string ProbeLogId = "edgemer-environment-check";
        using OrtSessionOptionsHandle options = Ort.CreateSessionOptions();
        Ort.SetIntraOpThreads(options, 1);
        Ort.SetInterOpThreads(options, 1);
        Ort.SetLogId(options, ProbeLogId);
        Ort.SetLogSeverity(options, OrtLoggingLevel.Info);
        sink.Watch(ProbeLogId);
        bool heard;
        try
        {
            Ort.CreateSession(handle, ProbeModel.Bytes, options).Dispose();
        }
        finally
        {
            heard = sink.StopWatching();
        }

        return heard;
    }

    private static string DescribePools(GlobalThreadPoolOptions? pools) =>
        pools is null
            ? "none"
            : $"intra-op {Threads(pools.IntraOpThreads)}, inter-op {Threads(pools.InterOpThreads)}, spinning {(pools.AllowSpinning ? "on" : "off")}";

    private static string Threads(int count) => count == 0 ? "default" : count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
