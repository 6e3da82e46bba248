using System.Runtime.InteropServices;
using EdgeMer.Platform;
using EdgeMer.Inference;

namespace EdgeMer.Models.Tooling.Verification;

/// <summary>Runs converted models through EdgeMer's ONNX Runtime binding (CPU, all graph optimisations).</summary>
public sealed class OnnxRuntimeModelRunner : IOnnxModelRunner
{
    private readonly InferenceEnvironment _environment;

    public OnnxRuntimeModelRunner(InferenceEnvironment environment)
    {
        _environment = environment;
    }

    public IReadOnlyList<IReadOnlyList<RawTensor>> Run(string modelPath, IReadOnlyList<string> outputNames, IReadOnlyList<IReadOnlyList<RawTensor>> cases)
    {
        using InferenceSession session = InferenceSession.Load(_environment, modelPath);
        var results = new List<IReadOnlyList<RawTensor>>(cases.Count);
        foreach (IReadOnlyList<RawTensor> inputs in cases)
        {
            IReadOnlyList<InferenceOutput> outputs = RunOnce(session, inputs);
            var selected = new List<RawTensor>(outputNames.Count);
            foreach (string name in outputNames)
            {
                selected.Add(ToRaw(Find(outputs, name, modelPath)));
            }

            results.Add(selected);
        }

        return results;
    }

    public float[] RunRecurrent(string modelPath, RecurrentRun run, float[] samples, IReadOnlyList<RawTensor> otherInputs)
    {
        using InferenceSession session = InferenceSession.Load(_environment, modelPath);
        long stateSize = 1;
        foreach (long dim in run.StateShape)
        {
            stateSize *= dim;
        }

        float[] state = new float[stateSize];
        float[] window = new float[run.Context + run.Chunk];
        var probabilities = new List<float>(samples.Length / run.Chunk);
        for (int start = 0; start + run.Chunk <= samples.Length; start += run.Chunk)
        {
            // The samples just before the frame, zeros before the signal starts, then the new ones.
            for (int i = 0; i < run.Context; i++)
            {
                int at = start - run.Context + i;
                window[i] = at >= 0 ? samples[at] : 0f;
            }

            Array.Copy(samples, start, window, run.Context, run.Chunk);
            var inputs = new List<RawTensor>(otherInputs.Count + 2)
            {
                RawTensor.FromFloats(run.Input, [1, window.Length], window),
                RawTensor.FromFloats(run.StateIn, run.StateShape, state),
            };
            inputs.AddRange(otherInputs);
            IReadOnlyList<InferenceOutput> outputs = RunOnce(session, inputs);
            probabilities.Add(Find(outputs, run.Output, modelPath).Elements<float>()[0]);
            state = Find(outputs, run.StateOut, modelPath).ToArray<float>();
        }

        return [.. probabilities];
    }

    private static IReadOnlyList<InferenceOutput> RunOnce(InferenceSession session, IReadOnlyList<RawTensor> inputs)
    {
        var tensors = new Dictionary<string, PinnedTensor>(StringComparer.Ordinal);
        try
        {
            foreach (RawTensor input in inputs)
            {
                tensors[input.Name] = input.Dtype switch
                {
                    "float32" => PinnedTensor.FromArray(MemoryMarshal.Cast<byte, float>(input.Data).ToArray(), input.Shape),
                    "int32" => PinnedTensor.FromArray(MemoryMarshal.Cast<byte, int>(input.Data).ToArray(), input.Shape),
                    "int64" => PinnedTensor.FromArray(MemoryMarshal.Cast<byte, long>(input.Data).ToArray(), input.Shape),
                    _ => throw new InvalidOperationException($"input '{input.Name}' has dtype '{input.Dtype}'; expected float32, int32 or int64"),
                };
            }

            return session.Run(tensors);
        }
        finally
        {
            foreach (PinnedTensor tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static InferenceOutput Find(IReadOnlyList<InferenceOutput> outputs, string name, string modelPath)
    {
        foreach (InferenceOutput output in outputs)
        {
            if (output.Name == name)
            {
                return output;
            }
        }

        throw new InvalidOperationException($"{modelPath} has no output '{name}'");
    }

    private static RawTensor ToRaw(InferenceOutput output)
    {
        long[] shape = output.Shape.ToArray();
        return output.ElementType switch
        {
            TensorElementType.Float => RawTensor.FromFloats(output.Name, shape, output.ToArray<float>()),
            TensorElementType.Int32 => RawTensor.FromInt32s(output.Name, shape, output.ToArray<int>()),
            TensorElementType.Int64 => RawTensor.FromInt64s(output.Name, shape, output.ToArray<long>()),
            _ => throw new InvalidOperationException($"output '{output.Name}' has element type {output.ElementType}; verification compares float32, int32 and int64"),
        };
    }
}
