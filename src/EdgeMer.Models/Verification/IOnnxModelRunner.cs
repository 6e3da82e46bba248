namespace EdgeMer.Models.Verification;

/// <summary>Runs a converted ONNX model in ONNX Runtime for verification.</summary>
public interface IOnnxModelRunner
{
    /// <summary>Runs <paramref name="modelPath"/> once per case and returns the named outputs of each.</summary>
    IReadOnlyList<IReadOnlyList<RawTensor>> Run(string modelPath, IReadOnlyList<string> outputNames, IReadOnlyList<IReadOnlyList<RawTensor>> cases);

    /// <summary>Runs a stream model over <paramref name="samples"/> chunk by chunk; returns its output per chunk.</summary>
    float[] RunRecurrent(string modelPath, RecurrentRun run, float[] samples, IReadOnlyList<RawTensor> otherInputs);
}
