namespace EdgeMer.Tools.Benchmarks;

/// <summary>One model run four ways in the same process, on the same ONNX Runtime library and thread.</summary>
/// <param name="Model">What the model is, for example "identity 1x16 float32" or "emotion (catalog)".</param>
/// <param name="Inputs">Each input's name and shape, for example "x [1, 16]".</param>
/// <param name="Iterations">Timed calls per path.</param>
/// <param name="EdgeMerBinding">EdgeMer's pre-bound path.</param>
/// <param name="OfficialBinding">The official API's OrtIoBinding path, its like for like.</param>
/// <param name="EdgeMerRun">EdgeMer's allocating <c>InferenceSession.Run(inputs)</c>.</param>
/// <param name="OfficialRun">The official API's allocating <c>Run</c>, its like for like.</param>
/// <param name="BindingRatio">EdgeMerBinding divided by OfficialBinding, figure by figure (below 1: EdgeMer is faster).</param>
/// <param name="RunRatio">EdgeMerRun divided by OfficialRun, figure by figure.</param>
public sealed record OrtBenchmarkCase(
    string Model,
    IReadOnlyList<string> Inputs,
    int Iterations,
    OrtBenchmarkPath EdgeMerBinding,
    OrtBenchmarkPath OfficialBinding,
    OrtBenchmarkPath EdgeMerRun,
    OrtBenchmarkPath OfficialRun,
    LatencyRatio BindingRatio,
    LatencyRatio RunRatio);
