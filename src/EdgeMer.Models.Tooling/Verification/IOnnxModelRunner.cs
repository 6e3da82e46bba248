namespace EdgeMer.Models.Tooling.Verification;

/// <summary>Runs a converted ONNX model in ONNX Runtime for verification.</summary>
public interface IOnnxModelRunner
{
    /// <summary>Runs <paramref name="modelPath"/> once per case and returns the named outputs of each.</summary>
    IReadOnlyList<IReadOnlyList<RawTensor>> Run(string modelPath, IReadOnlyList<string> outputNames, IReadOnlyList<IReadOnlyList<RawTensor>> cases);

    /// <summary>
    /// Runs a stream model over <paramref name="samples"/> frame by frame, each frame's new samples behind
    /// the context <paramref name="run"/> asks for, its state carried along; returns its output per frame.
    /// </summary>
    float[] RunRecurrent(string modelPath, RecurrentRun run, float[] samples, IReadOnlyList<RawTensor> otherInputs);
}
