using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference;

/// <summary>
/// How one model's session is set up: threads, graph optimisation, memory behaviour, symbolic
/// dimensions fixed in advance, logging, and the execution providers to try in order.
/// Bindable from configuration; <see cref="Validate"/> names every bad key and what is allowed.
/// </summary>
public sealed class InferenceSessionOptions
{
    /// <summary>Threads that split the work of one node; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads that run independent nodes at once (with <see cref="ExecutionMode.Parallel"/>); 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; set; }

    /// <summary>Run on the environment's shared thread pools instead of pools of this session's own.</summary>
    public bool UseGlobalThreadPools { get; set; }

    /// <summary>How much ONNX Runtime rewrites the graph at load.</summary>
    public GraphOptimizationLevel GraphOptimization { get; set; } = GraphOptimizationLevel.All;

    /// <summary>Whether independent branches run in parallel.</summary>
    public ExecutionMode ExecutionMode { get; set; } = ExecutionMode.Sequential;

    /// <summary>Whether CPU memory comes from an arena that keeps freed blocks for reuse.</summary>
    public bool CpuMemoryArena { get; set; } = true;

    /// <summary>Whether ONNX Runtime plans one allocation for all intermediate tensors after the first run of a shape.</summary>
    public bool MemoryPattern { get; set; } = true;

    /// <summary>Symbolic dimensions fixed to a value, by dimension name (for example <c>batch = 1</c>).</summary>
    public IDictionary<string, long> FreeDimensionsByName { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Symbolic dimensions fixed to a value, by denotation (for example <c>DATA_BATCH = 1</c>).</summary>
    public IDictionary<string, long> FreeDimensionsByDenotation { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>The least severe ONNX Runtime message this session logs; null uses the environment's level.</summary>
    public LogLevel? LogLevel { get; set; }

    /// <summary>The identifier ONNX Runtime puts on this session's log messages; null uses the model's file name.</summary>
    public string? LogId { get; set; }

    /// <summary>
    /// When set, ONNX Runtime times every node of every run and writes the trace (Chrome trace JSON)
    /// to a file whose name starts with this prefix; <see cref="InferenceSession.EndProfiling"/> ends
    /// it and returns the file. For tools measuring where a model spends its time, not for devices.
    /// </summary>
    public string? ProfilingPrefix { get; set; }

    /// <summary>
    /// When set, ONNX Runtime writes the graph as it will run it, after its optimisations (fusions,
    /// layout changes, its own quantization of weights), to this file as ONNX. For tools that check
    /// what ONNX Runtime made of a model, not for devices.
    /// </summary>
    public string? OptimizedModelPath { get; set; }

    /// <summary>Execution providers to try, most preferred first; empty means CPU. CPU is always the last fallback.</summary>
    public IList<ExecutionProviderKind> ExecutionProviders { get; } = new List<ExecutionProviderKind>();

    /// <summary>CUDA settings, used when <see cref="ExecutionProviderKind.Cuda"/> is tried.</summary>
    public CudaProviderOptions Cuda { get; set; } = new();

    /// <summary>TensorRT settings, used when <see cref="ExecutionProviderKind.TensorRT"/> is tried.</summary>
    public TensorRtProviderOptions TensorRT { get; set; } = new();

    /// <summary>DirectML settings, used when <see cref="ExecutionProviderKind.DirectML"/> is tried.</summary>
    public DirectMLProviderOptions DirectML { get; set; } = new();

    /// <summary>XNNPACK settings, used when <see cref="ExecutionProviderKind.Xnnpack"/> is tried.</summary>
    public XnnpackProviderOptions Xnnpack { get; set; } = new();

    /// <summary>Every problem with these options, each naming the key, the value and what is allowed; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (IntraOpThreads < 0)
        {
            problems.Add($"IntraOpThreads is {IntraOpThreads}; allowed: 0 (ONNX Runtime chooses) or a positive thread count");
        }

        if (InterOpThreads < 0)
        {
            problems.Add($"InterOpThreads is {InterOpThreads}; allowed: 0 (ONNX Runtime chooses) or a positive thread count");
        }

        if (UseGlobalThreadPools && (IntraOpThreads != 0 || InterOpThreads != 0))
        {
            problems.Add("IntraOpThreads/InterOpThreads are set but UseGlobalThreadPools is true; allowed: leave both 0 and size the pools in the environment's GlobalThreadPools");
        }

        if (!Enum.IsDefined(GraphOptimization))
        {
            problems.Add($"GraphOptimization is {(int)GraphOptimization}; allowed: None, Basic, Extended, All");
        }

        if (!Enum.IsDefined(ExecutionMode))
        {
            problems.Add($"ExecutionMode is {(int)ExecutionMode}; allowed: Sequential, Parallel");
        }

        ValidateDimensions(nameof(FreeDimensionsByName), FreeDimensionsByName, problems);
        ValidateDimensions(nameof(FreeDimensionsByDenotation), FreeDimensionsByDenotation, problems);

        if (LogLevel is { } level && (level < Microsoft.Extensions.Logging.LogLevel.Trace || level >= Microsoft.Extensions.Logging.LogLevel.None))
        {
            problems.Add($"LogLevel is {level}; allowed: Trace, Debug, Information, Warning, Error, Critical");
        }

        if (OptimizedModelPath is not null && string.IsNullOrWhiteSpace(OptimizedModelPath))
        {
            problems.Add("OptimizedModelPath is blank; allowed: a file path, or unset to write nothing");
        }

        if (LogId is not null && string.IsNullOrWhiteSpace(LogId))
        {
            problems.Add("LogId is blank; allowed: a non-empty identifier, or unset to use the model's file name");
        }

        var seen = new HashSet<ExecutionProviderKind>();
        for (int i = 0; i < ExecutionProviders.Count; i++)
        {
            ExecutionProviderKind kind = ExecutionProviders[i];
            if (!Enum.IsDefined(kind))
            {
                problems.Add($"ExecutionProviders:{i} is {(int)kind}; allowed: Cpu, Cuda, TensorRT, DirectML, Xnnpack");
            }
            else if (!seen.Add(kind))
            {
                problems.Add($"ExecutionProviders:{i} lists {kind} a second time; allowed: each provider once, most preferred first");
            }
        }

        Cuda.Validate(nameof(Cuda), problems);
        TensorRT.Validate(nameof(TensorRT), problems);
        DirectML.Validate(nameof(DirectML), problems);
        Xnnpack.Validate(nameof(Xnnpack), problems);
        return problems;
    }

    internal void ThrowIfInvalid()
    {
        IReadOnlyList<string> problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid inference session options: " + string.Join("; ", problems));
        }
    }

    private static void ValidateDimensions(string key, IDictionary<string, long> dimensions, List<string> problems)
    {
        foreach (KeyValuePair<string, long> dimension in dimensions)
        {
            if (string.IsNullOrWhiteSpace(dimension.Key))
            {
                problems.Add($"{key} has a blank dimension name; allowed: the symbolic name used in the model");
            }

            if (dimension.Value <= 0)
            {
                problems.Add($"{key}:{dimension.Key} is {dimension.Value}; allowed: a positive size");
            }
        }
    }
}
