namespace EdgeMer.Tools.Benchmarks;

/// <summary>What <c>edgemer bench pipeline</c> measured: the per-frame path on one thread, and the service under a competing load.</summary>
public sealed record PipelineBenchmarkReport(string Clip, PipelineChainReport? Chain, ServiceLoadReport? Load, ServiceSoakReport? Soak);

/// <summary>
/// The per-frame path (face and body pipelines chained, observations into the fuser) against its models
/// run standalone, per frame of the clip (milliseconds, means over the timed frames).
/// </summary>
/// <param name="PipelineMs">The whole per-frame path: preprocessing, the model runs, postprocessing, tracking, states, gait, the fuser.</param>
/// <param name="ChainedModelMs">Time inside ONNX Runtime (EdgeMer's binding) of the pipeline's model runs, chained one after another in the pipeline.</param>
/// <param name="PreprocessMs">Of <paramref name="PipelineMs"/>: every stage writing its models' inputs (crops, resizing, normalising).</param>
/// <param name="PostprocessMs">Of <paramref name="PipelineMs"/>: every stage reading its models' outputs, and the face pipeline's tracking and states; the rest of the pipeline's time beside the models is body tracking, gait, joining bodies to faces and the fuser.</param>
/// <param name="StandaloneModelMs">The same runs per frame, each model alone in its own session (EdgeMer's binding), back to back.</param>
/// <param name="RawOrtMs">The same runs per frame through the official managed API (RunWithBinding), each model alone: the raw ONNX Runtime cost.</param>
/// <param name="PipelineOverRawOrt">PipelineMs / RawOrtMs (target ≤ 1.10).</param>
/// <param name="ChainedOverStandalone">ChainedModelMs / StandaloneModelMs (target ≤ 1.2).</param>
/// <param name="ManagedBytesPerFrame">Managed bytes this thread allocated per timed frame (target 0); the next three say which part allocated them.</param>
/// <param name="NewFaceTracks">Anonymous face tracks started during the timed frames (the looped clip's faces jump back at each start); the fuser takes on one person per new track.</param>
public sealed record PipelineChainReport(
    int Width,
    int Height,
    int Frames,
    int WarmupFrames,
    double FacesPerFrame,
    double PeoplePerFrame,
    string Cpu,
    IReadOnlyList<string> CpuFeatures,
    string OnnxRuntimeVersion,
    string RawOrt,
    int IntraOpThreads,
    IReadOnlyList<PipelineModelCost> Models,
    IReadOnlyList<PipelineStageCost> Stages,
    double PipelineMs,
    double ChainedModelMs,
    double PreprocessMs,
    double PostprocessMs,
    double StandaloneModelMs,
    double RawOrtMs,
    double PipelineOverRawOrt,
    double ChainedOverStandalone,
    double ManagedBytesPerFrame,
    double FaceBytesPerFrame,
    double BodyBytesPerFrame,
    double FusionBytesPerFrame,
    int NewFaceTracks);

/// <summary>One model: the runs the pipeline made of it per frame and the mean standalone run through each API.</summary>
public sealed record PipelineModelCost(string Model, string Stage, string Input, double RunsPerFrame, double EdgeMerMs, double OfficialMs);

/// <summary>One stage's model time per frame chained in the pipeline against its models' same runs standalone.</summary>
public sealed record PipelineStageCost(string Stage, string Models, double ChainedModelMs, double StandaloneModelMs, double ChainedOverStandalone);

/// <summary>
/// <c>edgemer run</c>'s service in this process on the sample media, its capture-to-observation latency
/// (each face frame from capture to its observations handed to fusion; the face.latency stage) before,
/// during and after other processes keep every core busy.
/// </summary>
/// <param name="BudgetMs">The profile's capture-to-summary budget the ladder keeps.</param>
/// <param name="CompetingProcesses">Busy-looping processes started beside it (one per core).</param>
/// <param name="LoadedP99Ms">p99 over the last window of the loaded phase, once the ladder has done what it can.</param>
/// <param name="LoadedP99OverBudget">LoadedP99Ms / BudgetMs (target ≤ 1.0, by degrading).</param>
/// <param name="Rungs">The rung in force each second of the loaded and recovery phases.</param>
/// <param name="RecoveredAfterSeconds">From the load's end to the ladder back at none; null when it did not within the limit.</param>
/// <param name="LoadedStages">Every stage's figures over the last window of the loaded phase: where the time goes, and (face.latency against face) how long frames wait in front of the face stage.</param>
/// <param name="LighterModelsRung">Whether the profile's ladder has the lighter-models rung; where it has not, why (so the rung was not measured).</param>
public sealed record ServiceLoadReport(
    string Profile,
    double BudgetMs,
    int CompetingProcesses,
    double WindowSeconds,
    double UnloadedP50Ms,
    double UnloadedP99Ms,
    double UnloadedFaceRate,
    string UnloadedRung,
    double LoadedP50Ms,
    double LoadedP99Ms,
    double LoadedFaceRate,
    string LoadedRung,
    double LoadedP99OverBudget,
    long DeadlineMisses,
    IReadOnlyList<string> Rungs,
    double? RecoveredAfterSeconds,
    double RecoveryLimitSeconds,
    IReadOnlyList<ServiceStageFigures> LoadedStages,
    string LighterModelsRung);

/// <summary>One stage of the service as health reports it: durations over a window, its rate, and what it dropped since start.</summary>
public sealed record ServiceStageFigures(string Stage, double P50Ms, double P99Ms, double RatePerSecond, long Dropped);

/// <summary>The service on the sample media in a loop for a long run: resident memory after the first minute and at the end, and each minute's sample between.</summary>
/// <param name="RssRatio">RssEndMiB / RssAfterOneMinuteMiB (target ≤ 1.05).</param>
/// <param name="RssSecondHalfRatio">RssEndMiB over the RSS at half the run: growth once the process has warmed up, which a leak keeps up and warming does not.</param>
/// <param name="Samples">One per minute from the first: where the memory is, so growth that levels off can be told from a leak.</param>
public sealed record ServiceSoakReport(double Minutes, double RssAfterOneMinuteMiB, double RssEndMiB, double RssRatio, double RssSecondHalfRatio, long Summaries, IReadOnlyList<SoakSample> Samples);

/// <summary>The process at one minute of a soak.</summary>
/// <param name="RssMiB">Resident memory.</param>
/// <param name="ManagedHeapMiB">The managed heap after the last collection (the rest of the RSS is native: ONNX Runtime, libzmq, ffmpeg's pipes, code).</param>
/// <param name="Threads">The process's threads.</param>
/// <param name="Rung">The degradation ladder's rung.</param>
/// <param name="AllocatedMiB">Managed memory the whole process allocated in this minute (the per-frame path allocates none; what is left is the service's other work).</param>
/// <param name="Collections">Garbage collections in this minute (of any generation).</param>
public sealed record SoakSample(int Minute, double RssMiB, double ManagedHeapMiB, int Threads, string Rung, double AllocatedMiB, int Collections);
