using System.Runtime.InteropServices;
using EdgeMer.Inference;
using EdgeMer.Models.Tooling.Verification;

namespace EdgeMer.Quantization.Running;

/// <summary>Runs a session on <see cref="InputCase"/>s through EdgeMer's ONNX Runtime binding.</summary>
internal static class SessionRuns
{
    /// <summary>One inference with ONNX Runtime allocating the outputs; the caller reads them.</summary>
    public static IReadOnlyList<InferenceOutput> Run(InferenceSession session, InputCase inputs)
    {
        var tensors = new Dictionary<string, PinnedTensor>(StringComparer.Ordinal);
        try
        {
            foreach (RawTensor input in inputs.Tensors)
            {
                tensors[input.Name] = ToPinned(input);
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

    /// <summary>The outputs named <paramref name="names"/> of one run, as floats, in that order.</summary>
    public static float[][] RunFloats(InferenceSession session, InputCase inputs, IReadOnlyList<string> names)
    {
        IReadOnlyList<InferenceOutput> outputs = Run(session, inputs);
        var values = new float[names.Count][];
        for (int i = 0; i < names.Count; i++)
        {
            values[i] = Find(outputs, names[i], session.ModelName).ToArray<float>();
        }

        return values;
    }

    public static InferenceOutput Find(IReadOnlyList<InferenceOutput> outputs, string name, string model)
    {
        foreach (InferenceOutput output in outputs)
        {
            if (output.Name == name)
            {
                return output;
            }
        }

        throw new InvalidOperationException($"model '{model}' gave no output '{name}'");
    }

    public static PinnedTensor ToPinned(RawTensor input) => input.Dtype switch
    {
        "float32" => PinnedTensor.FromArray(MemoryMarshal.Cast<byte, float>(input.Data).ToArray(), input.Shape),
        "int32" => PinnedTensor.FromArray(MemoryMarshal.Cast<byte, int>(input.Data).ToArray(), input.Shape),
        "int64" => PinnedTensor.FromArray(MemoryMarshal.Cast<byte, long>(input.Data).ToArray(), input.Shape),
        _ => throw new InvalidOperationException($"input '{input.Name}' has dtype '{input.Dtype}'; expected float32, int32 or int64"),
    };
}
