using EdgeMer.Inference.Interop.OnnxRuntime;

namespace EdgeMer.Inference;

/// <summary>
/// Inputs and outputs bound to one session for repeated runs: names are resolved and tensors
/// checked once, when bound, so <see cref="Run"/> only calls ONNX Runtime and allocates nothing.
/// Outputs are written into the bound tensors. A binding is used by one thread at a time; give
/// each thread its own to run one session concurrently. A binding holds its tensors and session
/// until it is disposed; one that is never disposed lets them go when it is garbage collected.
/// </summary>
public sealed class InferenceBinding : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtRunArguments _arguments;
    private readonly PinnedTensor?[] _inputs;
    private readonly PinnedTensor?[] _outputs;
    private int _unboundInputs;

    internal InferenceBinding(InferenceSession session, OrtRunArguments arguments)
    {
        _session = session;
        _arguments = arguments;
        _inputs = new PinnedTensor?[session.Inputs.Count];
        _outputs = new PinnedTensor?[session.Outputs.Count];
        _unboundInputs = _inputs.Length;
    }

    /// <summary>The session this binding runs.</summary>
    public InferenceSession Session => _session;

    /// <summary>Binds <paramref name="tensor"/> to the input <paramref name="name"/>, replacing any tensor bound before.</summary>
    /// <exception cref="ArgumentException">No such input, or the tensor's element type or shape does not fit it.</exception>
    public void BindInput(string name, PinnedTensor tensor)
    {
        int index = _session.InputIndex(name);
        _session.CheckFits(_session.Inputs[index], tensor, "input");
        _arguments.SetInput(index, tensor.Value);
        if (_inputs[index] is null)
        {
            _unboundInputs--;
        }

        _inputs[index] = tensor;
    }

    /// <summary>Binds <paramref name="tensor"/> to receive the output <paramref name="name"/>. Outputs not bound are not computed.</summary>
    /// <exception cref="ArgumentException">No such output, or the tensor's element type or shape does not fit it.</exception>
    public void BindOutput(string name, PinnedTensor tensor)
    {
        int index = _session.OutputIndex(name);
        _session.CheckFits(_session.Outputs[index], tensor, "output");
        _arguments.SetOutput(index, tensor.Value);
        _outputs[index] = tensor;
    }

    /// <summary>Runs the model on the bound inputs, writing the bound outputs. Allocates no managed memory.</summary>
    /// <exception cref="InvalidOperationException">An input, or every output, is unbound.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed; the message carries its code and text.</exception>
    public void Run()
    {
        if (_unboundInputs != 0 || _arguments.OutputsSet == 0)
        {
            ThrowIncomplete();
        }

        _arguments.Run();
    }

    /// <summary>Releases this binding's hold on its tensors and session.</summary>
    public void Dispose() => _arguments.Dispose();

    internal OrtValueHandle[] RunAllocatingOutputs()
    {
        if (_unboundInputs != 0)
        {
            ThrowIncomplete();
        }

        return _arguments.RunAllocatingOutputs();
    }

    private void ThrowIncomplete()
    {
        var missing = new List<string>();
        for (int i = 0; i < _inputs.Length; i++)
        {
            if (_inputs[i] is null)
            {
                missing.Add($"'{_session.Inputs[i].Name}'");
            }
        }

        throw new InvalidOperationException(missing.Count > 0
            ? $"Model '{_session.ModelName}' cannot run: no tensor is bound to input {string.Join(", ", missing)}"
            : $"Model '{_session.ModelName}' cannot run: bind at least one output");
    }
}
