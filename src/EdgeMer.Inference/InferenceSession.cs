using EdgeMer.Platform;
using EdgeMer.Inference.Interop.OnnxRuntime;

namespace EdgeMer.Inference;

/// <summary>
/// One loaded model. Thread-safe: any number of threads may run it at once, each through its own
/// <see cref="InferenceBinding"/> (the zero-allocation path) or through the allocating
/// <see cref="Run(IReadOnlyDictionary{string, PinnedTensor})"/> meant for tools.
/// </summary>
public sealed partial class InferenceSession : IDisposable
{
    private readonly OrtSessionHandle _handle;
    private readonly OrtAllocatedStringHandle[] _inputNames;
    private readonly OrtAllocatedStringHandle[] _outputNames;
    private readonly TensorInfo[] _inputs;
    private readonly TensorInfo[] _outputs;
    private bool _disposed;

    /// <summary>The model's file path, or the name given when it was loaded from bytes.</summary>
    public string ModelName { get; }

    /// <summary>The model's inputs, in the model's order.</summary>
    public IReadOnlyList<TensorInfo> Inputs => _inputs;

    /// <summary>The model's outputs, in the model's order.</summary>
    public IReadOnlyList<TensorInfo> Outputs => _outputs;

    /// <summary>The execution provider that runs the model.</summary>
    public ExecutionProviderKind ExecutionProvider { get; }

    /// <summary>Why each preferred execution provider was or was not used.</summary>
    public IReadOnlyList<ExecutionProviderDecision> ExecutionProviderDecisions { get; }

    /// <summary>A reusable set of bound inputs and outputs for one thread's runs.</summary>
    public InferenceBinding CreateBinding()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new InferenceBinding(this, new OrtRunArguments(_handle, _inputNames, _outputNames));
    }

    /// <summary>
    /// Runs the model once and copies every output into managed memory. Convenient for tools and
    /// tests; allocates per call, so steady-state pipelines use <see cref="CreateBinding"/> instead.
    /// </summary>
    /// <param name="inputs">A tensor for every model input, by input name.</param>
    /// <exception cref="NotSupportedException">An output is not a tensor of fixed-size elements (strings, float8, int4, sequences, maps); the message names it.</exception>
    public IReadOnlyList<InferenceOutput> Run(IReadOnlyDictionary<string, PinnedTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (TensorInfo output in _outputs)
        {
            ThrowIfNotCopyable(output.Name, output.IsTensor, output.ElementType);
        }

        using InferenceBinding binding = CreateBinding();
        foreach (KeyValuePair<string, PinnedTensor> input in inputs)
        {
            binding.BindInput(input.Key, input.Value);
        }

        OrtValueHandle[] produced = binding.RunAllocatingOutputs();
        var outputs = new InferenceOutput[produced.Length];
        try
        {
            for (int i = 0; i < produced.Length; i++)
            {
                (TensorElementType type, long[] shape) = Ort.DescribeTensor(produced[i]);
                ThrowIfNotCopyable(_outputs[i].Name, isTensor: true, type);
                byte[] bytes = new byte[checked(TensorShapes.ElementCount(shape) * TensorElementTypes.SizeOf(type))];
                Ort.CopyTensorData(produced[i], bytes);
                outputs[i] = new InferenceOutput(_outputs[i].Name, type, shape, bytes);
            }
        }
        finally
        {
            foreach (OrtValueHandle value in produced)
            {
                value.Dispose();
            }
        }

        return outputs;
    }

    /// <summary>
    /// Ends the profiling <see cref="InferenceSessionOptions.ProfilingPrefix"/> started and returns the
    /// trace file ONNX Runtime wrote (the caller owns it). An error when the session was loaded without it.
    /// </summary>
    public string EndProfiling()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Ort.EndProfiling(_handle);
    }

    /// <summary>Releases the session once no binding uses it any more.</summary>
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
        foreach (OrtAllocatedStringHandle name in _inputNames)
        {
            name.Dispose();
        }

        foreach (OrtAllocatedStringHandle name in _outputNames)
        {
            name.Dispose();
        }
    }

    internal int InputIndex(string name) => IndexOf(_inputs, name, "input");

    // Only fixed-size elements can be copied out as bytes: a string tensor's data is pointers, and the
    // float8/int4 types have no size in TensorElementTypes, so either would come back as an empty array.
    private void ThrowIfNotCopyable(string output, bool isTensor, TensorElementType type)
    {
        if (!isTensor)
        {
            throw new NotSupportedException($"Output '{output}' of model '{ModelName}' is not a tensor; InferenceSession.Run returns tensors only");
        }

        if (TensorElementTypes.SizeOf(type) == 0)
        {
            throw new NotSupportedException(
                $"Output '{output}' of model '{ModelName}' holds {ElementTypeNames.Of(type)} elements, which InferenceSession.Run cannot return; " +
                "it returns tensors of numeric and bool elements");
        }
    }

    internal int OutputIndex(string name) => IndexOf(_outputs, name, "output");

    internal void CheckFits(TensorInfo expected, PinnedTensor tensor, string role)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(tensor.IsDisposed, tensor);
        if (!expected.IsTensor)
        {
            throw new ArgumentException($"The {role} '{expected.Name}' of model '{ModelName}' is not a tensor; EdgeMer binds tensors only");
        }

        if (tensor.ElementType != expected.ElementType)
        {
            throw new ArgumentException(
                $"The {role} '{expected.Name}' of model '{ModelName}' expects {expected.ElementType} elements, but the tensor given holds {tensor.ElementType}");
        }

        if (!expected.Accepts(tensor.Shape))
        {
            throw new ArgumentException(
                $"The {role} '{expected.Name}' of model '{ModelName}' expects shape {expected.DescribeShape()}, but the tensor given has shape {tensor.DescribeShape()}");
        }
    }

    private int IndexOf(TensorInfo[] values, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < values.Length; i++)
        {
            if (string.Equals(values[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        var names = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            names[i] = $"'{values[i].Name}'";
        }

        throw new ArgumentException($"Model '{ModelName}' has no {role} named '{name}'; its {role}s are {string.Join(", ", names)}", nameof(name));
    }
}
