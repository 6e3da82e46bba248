using EdgeMer.Inference;
using EdgeMer.Platform;
using Official = Microsoft.ML.OnnxRuntime;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>
/// One model opened by both APIs (EdgeMer's binding and the official managed API) with the same
/// session settings, its inputs filled alike and its outputs bound on both sides. The first input
/// takes each of the <c>images</c> given (each repeated over the batch if it is shorter), one binding
/// per image on each side, and the runs go through them in turn; with none given, every input holds
/// seeded random values (float32 in -1..1, int32 in 0..255). A dynamic dimension is given
/// <c>batch</c> (the first) or 1.
/// </summary>
internal sealed class OrtModelSides : IDisposable
{
    private readonly Inference.InferenceSession _edgeMer;
    private readonly InferenceBinding[] _edgeMerBindings;
    private readonly Dictionary<string, PinnedTensor> _edgeMerInputs = new(StringComparer.Ordinal);
    private readonly List<PinnedTensor> _edgeMerImages = [];
    private readonly List<PinnedTensor<float>> _edgeMerOutputs = [];
    private readonly Official.InferenceSession _official;
    private readonly Official.SessionOptions _officialOptions;
    private readonly Official.RunOptions _runOptions = new();
    private readonly Official.OrtIoBinding[] _officialBindings;
    private readonly List<string> _inputNames = [];
    private readonly List<Official.OrtValue> _officialInputs = [];
    private readonly List<Official.OrtValue> _officialImages = [];
    private readonly List<string> _outputNames = [];
    private readonly List<float[]> _officialOutputArrays = [];
    private readonly List<Official.OrtValue> _officialOutputs = [];
    private readonly List<string> _inputDescriptions = [];
    private int _nextEdgeMer, _nextOfficial;

    public OrtModelSides(InferenceEnvironment environment, string path, int threads, long batch = 1, IReadOnlyList<float[]>? images = null)
    {
        if (images is { Count: 0 })
        {
            throw new ArgumentException("give at least one image, or none (null) for random inputs", nameof(images));
        }

        var options = new InferenceSessionOptions
        {
            IntraOpThreads = threads,
            InterOpThreads = 1,
            GraphOptimization = Inference.GraphOptimizationLevel.All,
            ExecutionMode = Inference.ExecutionMode.Sequential,
            CpuMemoryArena = true,
            MemoryPattern = true,
        };
        _edgeMer = Inference.InferenceSession.Load(environment, path, options);
        _officialOptions = new Official.SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = Official.GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = Official.ExecutionMode.ORT_SEQUENTIAL,
            EnableCpuMemArena = true,
            EnableMemoryPattern = true,
        };
        _official = new Official.InferenceSession(path, _officialOptions);
        int bindings = images?.Count ?? 1;
        _officialBindings = [.. Enumerable.Range(0, bindings).Select(_ => _official.CreateIoBinding())];
        _edgeMerBindings = [.. Enumerable.Range(0, bindings).Select(_ => _edgeMer.CreateBinding())];

        int seed = 1;
        foreach (TensorInfo input in _edgeMer.Inputs)
        {
            long[] shape = [.. input.Shape.Select((d, i) => d >= 0 ? d : i == 0 ? batch : 1L)];
            bool first = _inputNames.Count == 0;
            for (int b = 0; b < bindings; b++)
            {
                var random = new Random(seed);
                float[]? given = first ? images?[b] : null;
                int next = 0;
                (PinnedTensor tensor, Official.OrtValue official) = input.ElementType switch
                {
                    TensorElementType.Float => Both(shape, () => given is null ? (float)((random.NextDouble() * 2) - 1) : given[next++ % given.Length]),
                    TensorElementType.Int32 => Both(shape, () => given is null ? random.Next(256) : (int)given[next++ % given.Length]),
                    _ => throw new NotSupportedException($"{path}: input '{input.Name}' is {input.ElementType}; the benchmark feeds float32 and int32 inputs only"),
                };

                // The first binding's inputs are also those the allocating paths and the output check use.
                if (b == 0)
                {
                    _edgeMerInputs[input.Name] = tensor;
                    _officialInputs.Add(official);
                }
                else
                {
                    _edgeMerImages.Add(tensor);
                    _officialImages.Add(official);
                }

                _edgeMerBindings[b].BindInput(input.Name, tensor);
                _officialBindings[b].BindInput(input.Name, official);
                if (!first)
                {
                    break;
                }
            }

            if (!first)
            {
                // Inputs after the first are the same in every binding.
                for (int b = 1; b < bindings; b++)
                {
                    _edgeMerBindings[b].BindInput(input.Name, _edgeMerInputs[input.Name]);
                    _officialBindings[b].BindInput(input.Name, _officialInputs[^1]);
                }
            }

            seed++;
            _inputNames.Add(input.Name);
            _inputDescriptions.Add($"{input.Name} [{string.Join(", ", shape)}]");
        }

        // The output shapes are those the model produces for these inputs.
        foreach (InferenceOutput output in _edgeMer.Run(_edgeMerInputs))
        {
            long[] shape = output.Shape.ToArray();
            PinnedTensor<float> tensor = PinnedTensor.FromArray(PinnedArray<float>(shape), shape);
            _edgeMerOutputs.Add(tensor);
            float[] array = PinnedArray<float>(shape);
            Official.OrtValue official = Official.OrtValue.CreateTensorValueFromMemory(array, shape);
            _outputNames.Add(output.Name);
            _officialOutputArrays.Add(array);
            _officialOutputs.Add(official);
            for (int b = 0; b < bindings; b++)
            {
                _edgeMerBindings[b].BindOutput(output.Name, tensor);
                _officialBindings[b].BindOutput(output.Name, official);
            }
        }
    }

    /// <summary>How many images the runs go through in turn.</summary>
    public int Images => _edgeMerBindings.Length;

    public string[] DescribeInputs() => [.. _inputDescriptions];

    // The same values for both sides, each in its own array.
    private static (PinnedTensor EdgeMer, Official.OrtValue Official) Both<T>(long[] shape, Func<T> next)
        where T : unmanaged
    {
        T[] values = PinnedArray<T>(shape);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = next();
        }

        T[] copy = PinnedArray<T>(shape);
        values.CopyTo(copy);
        return (PinnedTensor.FromArray(values, shape), Official.OrtValue.CreateTensorValueFromMemory(copy, shape));
    }

    // Both sides' tensors live in memory of one kind (the pinned object heap), so neither gets
    // better aligned or warmer pages than the other.
    private static T[] PinnedArray<T>(long[] shape) => GC.AllocateArray<T>(checked((int)shape.Aggregate(1L, (a, b) => a * b)), pinned: true);

    /// <summary>One run through EdgeMer's binding, on the next image in turn.</summary>
    public void RunEdgeMerBinding() => _edgeMerBindings[_nextEdgeMer++ % _edgeMerBindings.Length].Run();

    /// <summary>One run through the official API's binding, on the next image in turn.</summary>
    public void RunOfficialBinding() => _official.RunWithBinding(_runOptions, _officialBindings[_nextOfficial++ % _officialBindings.Length]);

    public void RunEdgeMerAllocating() => _edgeMer.Run(_edgeMerInputs);

    public void RunOfficialAllocating()
    {
        using Official.IDisposableReadOnlyCollection<Official.OrtValue> outputs = _official.Run(_runOptions, _inputNames, _officialInputs, _outputNames);
        foreach (Official.OrtValue output in outputs)
        {
            _ = output.GetTensorDataAsSpan<float>().ToArray();
        }
    }

    // A timing of different work would mean nothing: all four paths must produce the same bits, on every image.
    public void CheckOutputsAgree(string model)
    {
        for (int b = 0; b < _edgeMerBindings.Length; b++)
        {
            _edgeMerBindings[b].Run();
            _official.RunWithBinding(_runOptions, _officialBindings[b]);
            for (int i = 0; i < _outputNames.Count; i++)
            {
                if (!_edgeMerOutputs[i].Span.SequenceEqual(_officialOutputArrays[i]))
                {
                    throw new InvalidOperationException($"{model}: output '{_outputNames[i]}' of image {b} differs between EdgeMer's binding and the official API's");
                }
            }
        }

        _edgeMerBindings[0].Run();
        IReadOnlyList<InferenceOutput> edgeMerRun = _edgeMer.Run(_edgeMerInputs);
        using Official.IDisposableReadOnlyCollection<Official.OrtValue> officialRun = _official.Run(_runOptions, _inputNames, _officialInputs, _outputNames);
        for (int i = 0; i < _outputNames.Count; i++)
        {
            ReadOnlySpan<float> reference = _edgeMerOutputs[i].Span;
            if (!reference.SequenceEqual(edgeMerRun[i].Elements<float>())
                || !reference.SequenceEqual(officialRun[i].GetTensorDataAsSpan<float>()))
            {
                throw new InvalidOperationException($"{model}: output '{_outputNames[i]}' differs between the four ways of running it");
            }
        }
    }

    public void Dispose()
    {
        foreach (InferenceBinding binding in _edgeMerBindings)
        {
            binding.Dispose();
        }

        foreach (Official.OrtIoBinding binding in _officialBindings)
        {
            binding.Dispose();
        }

        foreach (Official.OrtValue value in _officialInputs.Concat(_officialImages).Concat(_officialOutputs))
        {
            value.Dispose();
        }

        foreach (PinnedTensor tensor in _edgeMerInputs.Values.Concat(_edgeMerImages).Concat(_edgeMerOutputs))
        {
            tensor.Dispose();
        }

        _runOptions.Dispose();
        _official.Dispose();
        _officialOptions.Dispose();
        _edgeMer.Dispose();
    }
}
