using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// The arguments of a run, resolved once and reused: name pointers (ORT-allocated strings the
// session owns), value pointers, and one RunOptions. Every native object it points at is leased
// (SafeHandle.DangerousAddRef) while bound, so a disposed tensor or session cannot be freed under
// a run; Run itself then touches no managed heap. One instance serves one thread at a time.
// Run goes through an OrtIoBinding (bound again only after SetInput/SetOutput), as ONNX Runtime's
// RunWithBinding resolves the names once instead of on every call as OrtApi.Run does; the
// allocating run, used once per instance, calls OrtApi.Run and never creates the binding.
// The leases keep their handles from ever being released, so an instance nobody disposed gives
// them back from its finalizer: otherwise an abandoned binding would hold its tensors' native memory
// and pinned arrays, and its session, for the life of the process.
internal sealed unsafe class OrtRunArguments : IDisposable
{
    private readonly OrtSessionHandle _session;
    private readonly OrtRunOptionsHandle _runOptions;
    private readonly SafeHandle[] _leasedNames;
    private readonly nint[] _inputNames;
    private readonly nint[] _inputValues;
    private readonly OrtValueHandle?[] _inputs;
    private readonly nint[] _allOutputNames;
    private readonly int[] _outputSlots;
    private readonly nint[] _outputNames;
    private readonly nint[] _outputValues;
    private readonly OrtValueHandle?[] _outputs;
    private int _boundOutputs;
    private OrtIoBindingHandle? _ioBinding;
    private bool _ioBindingStale = true;
    private bool _disposed;

    public OrtRunArguments(OrtSessionHandle session, IReadOnlyList<OrtAllocatedStringHandle> inputNames, IReadOnlyList<OrtAllocatedStringHandle> outputNames)
    {
        var leased = new List<SafeHandle>(inputNames.Count + outputNames.Count + 1);
        try
        {
            Lease(session, leased);
            _inputNames = new nint[inputNames.Count];
            for (int i = 0; i < _inputNames.Length; i++)
            {
                _inputNames[i] = Lease(inputNames[i], leased);
            }

            _allOutputNames = new nint[outputNames.Count];
            for (int i = 0; i < _allOutputNames.Length; i++)
            {
                _allOutputNames[i] = Lease(outputNames[i], leased);
            }

            nint runOptions;
            OrtStatus.Check(OrtNative.Api->CreateRunOptions(&runOptions));
            _runOptions = OrtHandle.Adopt<OrtRunOptionsHandle>(runOptions);
        }
        catch
        {
            foreach (SafeHandle handle in leased)
            {
                handle.DangerousRelease();
            }

            // The finalizer of a half-built instance would find nothing to release.
            GC.SuppressFinalize(this);
            throw;
        }

        _session = session;
        _leasedNames = [.. leased];
        _inputValues = new nint[_inputNames.Length];
        _inputs = new OrtValueHandle?[_inputNames.Length];
        _outputSlots = new int[_allOutputNames.Length];
        Array.Fill(_outputSlots, -1);
        _outputNames = new nint[_allOutputNames.Length];
        _outputValues = new nint[_allOutputNames.Length];
        _outputs = new OrtValueHandle?[_allOutputNames.Length];
    }

    public bool IsInputSet(int index) => _inputs[index] is not null;

    public int OutputsSet => _boundOutputs;

    public void SetInput(int index, OrtValueHandle value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        nint pointer = Lease(value, leased: null);
        _inputs[index]?.DangerousRelease();
        _inputs[index] = value;
        _inputValues[index] = pointer;
        _ioBindingStale = true;
    }

    // Outputs may be bound in any order and any subset; they are kept packed for Run.
    public void SetOutput(int index, OrtValueHandle value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        nint pointer = Lease(value, leased: null);
        int slot = _outputSlots[index];
        if (slot < 0)
        {
            slot = _boundOutputs++;
            _outputSlots[index] = slot;
            _outputNames[slot] = _allOutputNames[index];
        }
        else
        {
            _outputs[slot]!.DangerousRelease();
        }

        _outputs[slot] = value;
        _outputValues[slot] = pointer;
        _ioBindingStale = true;
    }

    // The steady-state path: everything was resolved and bound before; only the first call after a
    // change binds again (native calls only: no managed allocation after the binding exists).
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ioBindingStale)
        {
            Bind();
        }

        OrtStatus.Check(OrtNative.Api->RunWithBinding(
            _session.DangerousGetHandle(), _runOptions.DangerousGetHandle(), _ioBinding!.DangerousGetHandle()));

        // The finalizer releases what the native call is using: this must stay reachable until it returns.
        GC.KeepAlive(this);
    }

    private void Bind()
    {
        OrtApi* api = OrtNative.Api;
        if (_ioBinding is null)
        {
            nint raw;
            OrtStatus.Check(api->CreateIoBinding(_session.DangerousGetHandle(), &raw));
            _ioBinding = OrtHandle.Adopt<OrtIoBindingHandle>(raw);
        }
        else
        {
            api->ClearBoundInputs(_ioBinding.DangerousGetHandle());
            api->ClearBoundOutputs(_ioBinding.DangerousGetHandle());
        }

        nint binding = _ioBinding.DangerousGetHandle();
        for (int i = 0; i < _inputNames.Length; i++)
        {
            OrtStatus.Check(api->BindInput(binding, (byte*)_inputNames[i], _inputValues[i]));
        }

        for (int slot = 0; slot < _boundOutputs; slot++)
        {
            OrtStatus.Check(api->BindOutput(binding, (byte*)_outputNames[slot], _outputValues[slot]));
        }

        _ioBindingStale = false;
    }

    // Runs with every output allocated by ONNX Runtime; the caller owns the returned values.
    public OrtValueHandle[] RunAllocatingOutputs()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        nint[] produced = new nint[_allOutputNames.Length];
        fixed (nint* inputNames = _inputNames)
        fixed (nint* inputValues = _inputValues)
        fixed (nint* outputNames = _allOutputNames)
        fixed (nint* outputValues = produced)
        {
            OrtStatus.Check(OrtNative.Api->Run(
                _session.DangerousGetHandle(), _runOptions.DangerousGetHandle(),
                inputNames, inputValues, (nuint)_inputNames.Length,
                outputNames, (nuint)_allOutputNames.Length, outputValues));
        }

        GC.KeepAlive(this);

        var outputs = new OrtValueHandle[produced.Length];
        for (int i = 0; i < produced.Length; i++)
        {
            outputs[i] = OrtHandle.Adopt<OrtValueHandle>(produced[i]);
        }

        return outputs;
    }

    ~OrtRunArguments() => ReleaseLeases();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        ReleaseLeases();
        _runOptions.Dispose();
        GC.SuppressFinalize(this);
    }

    // Safe from the finalizer: a SafeHandle stays usable until its last lease is released, and its
    // own (critical) finalizer runs after this one, so whichever comes last releases the native object.
    private void ReleaseLeases()
    {
        _disposed = true;

        // First the binding, which refers to the session and holds the values: nothing may use them after.
        _ioBinding?.Dispose();
        foreach (OrtValueHandle? input in _inputs)
        {
            input?.DangerousRelease();
        }

        for (int i = 0; i < _boundOutputs; i++)
        {
            _outputs[i]!.DangerousRelease();
        }

        foreach (SafeHandle name in _leasedNames)
        {
            name.DangerousRelease();
        }
    }

    private static nint Lease(SafeHandle handle, List<SafeHandle>? leased)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        leased?.Add(handle);
        return handle.DangerousGetHandle();
    }
}
