using EdgeMer.Inference.Interop.OnnxRuntime;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference;

public sealed partial class InferenceSession
{
    private InferenceSession(
        string modelName,
        OrtSessionHandle handle,
        ExecutionProviderPlan plan)
    {
        ModelName = modelName;
        _handle = handle;
        ExecutionProvider = plan.Selected;
        ExecutionProviderDecisions = plan.Decisions;

        int inputCount = Ort.GetInputCount(handle);
        int outputCount = Ort.GetOutputCount(handle);
        _inputNames = new OrtAllocatedStringHandle[inputCount];
        _outputNames = new OrtAllocatedStringHandle[outputCount];
        _inputs = new TensorInfo[inputCount];
        _outputs = new TensorInfo[outputCount];
        for (int i = 0; i < inputCount; i++)
        {
            _inputNames[i] = Ort.GetInputName(handle, i);
            _inputs[i] = Describe(Ort.ReadString(_inputNames[i]), Ort.DescribeInput(handle, i));
        }

        for (int i = 0; i < outputCount; i++)
        {
            _outputNames[i] = Ort.GetOutputName(handle, i);
            _outputs[i] = Describe(Ort.ReadString(_outputNames[i]), Ort.DescribeOutput(handle, i));
        }
    }

    /// <summary>Loads the model file at <paramref name="modelPath"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and what is allowed.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model (the message names the file).</exception>
    public static InferenceSession Load(InferenceEnvironment environment, string modelPath, InferenceSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"The model file '{modelPath}' does not exist", modelPath);
        }

        return Load(environment, modelPath, Path.GetFileName(modelPath), options ?? new(), nativeOptions => Ort.CreateSession(environment.Handle, modelPath, nativeOptions));
    }

    /// <summary>Loads a model from its serialized bytes; <paramref name="modelName"/> names it in logs and errors.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and what is allowed.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model (the message names it).</exception>
    public static InferenceSession Load(InferenceEnvironment environment, ReadOnlyMemory<byte> model, string modelName, InferenceSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        return Load(environment, modelName, modelName, options ?? new(), nativeOptions => Ort.CreateSession(environment.Handle, model.Span, nativeOptions));
    }

    private static InferenceSession Load(
        InferenceEnvironment environment,
        string modelName,
        string defaultLogId,
        InferenceSessionOptions options,
        Func<OrtSessionOptionsHandle, OrtSessionHandle> create)
    {
        options.ThrowIfInvalid();
        if (options.UseGlobalThreadPools && !environment.HasGlobalThreadPools)
        {
            throw new ArgumentException(
                "UseGlobalThreadPools is true but the inference environment was created without GlobalThreadPools; allowed: false, or create the environment with GlobalThreadPools");
        }

        ILogger logger = environment.LoggerFactory.CreateLogger<InferenceSession>();
        var preferences = new List<ExecutionProviderKind>(options.ExecutionProviders);
        var failures = new Dictionary<ExecutionProviderKind, string>();
        IReadOnlyList<string> available = environment.Runtime.AvailableProviders;

        // Each pass registers every provider still standing; a provider that cannot be added, or
        // with which the session cannot be created, is marked failed and the next pass goes on without it.
        while (true)
        {
            ExecutionProviderPlan plan = ExecutionProviderPlan.Resolve(preferences, available, failures);
            using OrtSessionOptionsHandle nativeOptions = CreateNativeOptions(options, options.LogId ?? defaultLogId);
            var registered = new List<ExecutionProviderKind>(plan.ToRegister.Count);
            foreach (ExecutionProviderKind kind in plan.ToRegister)
            {
                try
                {
                    Register(nativeOptions, kind, options);
                    registered.Add(kind);
                }
                catch (OnnxRuntimeException e)
                {
                    failures[kind] = $"adding it failed: {SessionFailures.OneLine(e.NativeMessage)}";
                }
            }

            if (registered.Count != plan.ToRegister.Count)
            {
                continue;
            }

            OrtSessionHandle handle;
            try
            {
                handle = create(nativeOptions);
            }
            catch (OnnxRuntimeException e) when (registered.Count > 0 && MayBeProviderFailure(e.ErrorCode))
            {
                // Several providers were registered and any of them, or the model, may be at fault:
                // find out which by trying again without them.
                IReadOnlyDictionary<ExecutionProviderKind, string>? blamed = SessionFailures.Attribute(
                    registered, e, subset => TryCreate(options, subset, options.LogId ?? defaultLogId, create));
                if (blamed is null)
                {
                    throw e.WithContext($"Cannot load model '{modelName}' (it fails without any execution provider too)");
                }

                foreach (KeyValuePair<ExecutionProviderKind, string> failure in blamed)
                {
                    failures[failure.Key] = failure.Value;
                }

                continue;
            }
            catch (OnnxRuntimeException e)
            {
                throw e.WithContext($"Cannot load model '{modelName}'");
            }

            try
            {
                var session = new InferenceSession(modelName, handle, plan);
                if (logger.IsEnabled(LogLevel.Information))
                {
                    string others = plan.DescribeOthers();
                    Log.ProviderChosen(logger, modelName, plan.Selected, others);
                }

                return session;
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
    }

    // Creates (and at once releases) a session with only `providers` registered ahead of CPU: null when
    // it works, else ONNX Runtime's error. Only used to find out who made a session creation fail.
    private static OnnxRuntimeException? TryCreate(
        InferenceSessionOptions options, IReadOnlyList<ExecutionProviderKind> providers, string logId, Func<OrtSessionOptionsHandle, OrtSessionHandle> create)
    {
        try
        {
            using OrtSessionOptionsHandle nativeOptions = CreateNativeOptions(options, logId);
            foreach (ExecutionProviderKind kind in providers)
            {
                Register(nativeOptions, kind, options);
            }

            create(nativeOptions).Dispose();
            return null;
        }
        catch (OnnxRuntimeException e)
        {
            return e;
        }
    }

    // Adds the provider to throw-away session options: what only trying reveals (its own libraries
    // missing) shows up here without loading a model. Null when it was added.
    internal static string? TryRegister(ExecutionProviderKind kind, InferenceSessionOptions options)
    {
        using OrtSessionOptionsHandle native = Ort.CreateSessionOptions();
        try
        {
            Register(native, kind, options);
            return null;
        }
        catch (OnnxRuntimeException e)
        {
            return $"adding it failed: {SessionFailures.OneLine(e.NativeMessage)}";
        }
    }

    private static OrtSessionOptionsHandle CreateNativeOptions(InferenceSessionOptions options, string logId)
    {
        OrtSessionOptionsHandle native = Ort.CreateSessionOptions();
        try
        {
            if (options.UseGlobalThreadPools)
            {
                Ort.UseGlobalThreadPools(native);
            }

            if (options.IntraOpThreads > 0)
            {
                Ort.SetIntraOpThreads(native, options.IntraOpThreads);
            }

            if (options.InterOpThreads > 0)
            {
                Ort.SetInterOpThreads(native, options.InterOpThreads);
            }

            Ort.SetGraphOptimization(native, options.GraphOptimization);
            Ort.SetExecutionMode(native, options.ExecutionMode);
            Ort.SetCpuMemoryArena(native, options.CpuMemoryArena);
            Ort.SetMemoryPattern(native, options.MemoryPattern);
            foreach (KeyValuePair<string, long> dimension in options.FreeDimensionsByName)
            {
                Ort.FixDimensionByName(native, dimension.Key, dimension.Value);
            }

            foreach (KeyValuePair<string, long> dimension in options.FreeDimensionsByDenotation)
            {
                Ort.FixDimensionByDenotation(native, dimension.Key, dimension.Value);
            }

            Ort.SetLogId(native, logId);
            if (options.ProfilingPrefix is { } prefix)
            {
                Ort.EnableProfiling(native, prefix);
            }

            if (options.OptimizedModelPath is { } optimized)
            {
                Ort.SetOptimizedModelFilePath(native, optimized);
            }

            if (options.LogLevel is LogLevel level)
            {
                Ort.SetLogSeverity(native, OnnxRuntimeLogLevels.ToSeverity(level));
            }

            return native;
        }
        catch
        {
            native.Dispose();
            throw;
        }
    }

    private static void Register(OrtSessionOptionsHandle native, ExecutionProviderKind kind, InferenceSessionOptions options)
    {
        switch (kind)
        {
            case ExecutionProviderKind.Cuda:
                Ort.AppendCuda(native, options.Cuda.ToProviderOptions());
                break;
            case ExecutionProviderKind.TensorRT:
                Ort.AppendTensorRt(native, options.TensorRT.ToProviderOptions());
                break;
            case ExecutionProviderKind.DirectML:
                Ort.AppendDirectML(native, options.DirectML.DeviceId);
                break;
            case ExecutionProviderKind.Xnnpack:
                Ort.AppendByName(native, "XNNPACK", options.Xnnpack.ToProviderOptions());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "CPU is always registered implicitly");
        }
    }

    // A broken or invalid model fails the same way on every provider; anything else may be the provider's fault.
    private static bool MayBeProviderFailure(OrtErrorCode code) =>
        code is not (OrtErrorCode.InvalidProtobuf or OrtErrorCode.InvalidGraph or OrtErrorCode.NoSuchFile or OrtErrorCode.NoModel);


    private static TensorInfo Describe(string name, OrtValueDescription description) =>
        new(name, description.ElementType, description.Shape, description.SymbolicDimensions, description.Kind == OnnxType.Tensor);
}
