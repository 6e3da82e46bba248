using System.Runtime;
using EdgeMer.Affect;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Body;
using EdgeMer.Perception.Face;
using EdgeMer.Perception.Voice;
using EdgeMer.Platform;
using EdgeMer.Scheduling;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Sensing;

/// <summary>
/// Swapping the running pipelines onto a new setup's models (a reload or a model update): the new
/// models are loaded beside the running ones on the installing thread, then each stage takes its new
/// pipeline between two frames (or sound chunks) and the old one is released. The stages never stop
/// and fusion goes on publishing throughout. Trackers start afresh on the new pipelines. When the new
/// models do not load, the stages keep the ones they run and <see cref="ModelProblem"/> says why.
/// </summary>
public sealed partial class SensingService
{
    /// <summary>
    /// Null when the running stages use <paramref name="setup"/>'s models (or nothing is sensed);
    /// otherwise why not, for a model update's health check.
    /// </summary>
    public string? ModelProblem(RuntimeSetup setup)
    {
        if (!IsSensing || ReferenceEquals(Volatile.Read(ref _modelsFrom), setup))
        {
            return null;
        }

        return Volatile.Read(ref _swapProblem) ?? "the sensing stages did not switch to the new models";
    }

    private readonly Lock _swapGate = new();
    private string? _runningModels;

    // Reloads loading models now (the ladder holds meanwhile, as it does for a rung's swap).
    private int _loadingModels;

    // The variant of each model the stages run (under _swapGate once sensing has started).
    private Func<string, string> _variantOf = _ => ModelStore.Fp32;

    /// <summary>The ladder's rung in force (set under the face stage's lock, with the rates).</summary>
    private Degradation CurrentDegradation
    {
        get
        {
            lock (_faceGate)
            {
                return _degradation;
            }
        }
    }

    private void OnSetupReplaced(object? sender, RuntimeSetup next)
    {
        lock (_swapGate)
        {
            Func<string, string> variantOf = VariantsFor(next);
            Interlocked.Increment(ref _loadingModels);
            try
            {
                SwapModels(next, variantOf);
                Volatile.Write(ref _swapProblem, null);
                Volatile.Write(ref _modelsFrom, next);
                LogModelsSwapped(_logger, next.Models.Count, new LogText(ModelsInUse(next, variantOf)));
            }
            catch (Exception e) when (e is ModelManifestException or OnnxRuntimeException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                Volatile.Write(ref _swapProblem, $"the sensing stages kept their models: the new ones did not load: {e.Message}");
                LogModelsNotSwapped(_logger, new LogText(e.Message));
            }
            finally
            {
                // As after a rung's swap: judged again on frames captured once the models settled.
                _budget?.Restart(settle: s_evaluationPeriod);
                Interlocked.Decrement(ref _loadingModels);
            }
        }
    }

    /// <summary>
    /// The ladder crossed the lighter-models rung: the stages take the profile's lighter variants
    /// (stepping down) or its chosen ones again (climbing back), between frames as on a reload. When
    /// they do not load, the stages keep what they run and the ladder goes on with its other rungs.
    /// </summary>
    private void SwapForRung()
    {
        lock (_swapGate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            RuntimeSetup setup = Volatile.Read(ref _modelsFrom) ?? _setup.Current;
            Func<string, string> variantOf = VariantsFor(setup);
            try
            {
                SwapModels(setup, variantOf, onlyChanged: true);
                LogRungModels(_logger, CurrentDegradation, new LogText(ModelsInUse(setup, variantOf)));
            }
            catch (Exception e) when (e is ModelManifestException or OnnxRuntimeException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                LogModelsNotSwapped(_logger, new LogText(e.Message));
            }
            finally
            {
                // The rung is judged on frames captured once the models settled, not on those that waited
                // while they loaded, nor on their first runs.
                _budget?.Restart(settle: s_evaluationPeriod);
            }
        }
    }

    /// <summary>The variant of each model the stages should run now: the lighter ones while the ladder is on or below their rung (and <paramref name="setup"/> has them all), else the profile's choice.</summary>
    private Func<string, string> VariantsFor(RuntimeSetup setup) =>
        _lighterRung && CurrentDegradation >= Degradation.LighterModels && LighterVariantsMissing(setup) is null
            ? setup.Profile.Inference.LighterVariantOf
            : setup.Profile.Inference.VariantOf;

    /// <summary>Null when <paramref name="setup"/>'s profile names lighter variants and every one is built in its store; otherwise why the device has no lighter-models rung.</summary>
    public static string? LighterVariantsMissing(RuntimeSetup setup)
    {
        if (setup.Profile.Inference.LighterVariants is not { Count: > 0 } lighter)
        {
            return "the profile names no inference.lighterVariants";
        }

        foreach ((string id, string variant) in lighter)
        {
            if (setup.Store.Find(id, variant) is null)
            {
                return $"inference.lighterVariants.{id}: the {variant} variant is not built in {setup.Store.Folder}";
            }
        }

        return null;
    }

    /// <param name="onlyChanged">The same setup with other variants (the ladder's rung): only the models whose variant changes are loaded; the face stage shares the sessions it keeps, and a modality whose model keeps its variant goes on as it is. A reload or an update loads everything, as its files may have changed.</param>
    private void SwapModels(RuntimeSetup next, Func<string, string> variantOf, bool onlyChanged = false)
    {
        bool affect = PurposePolicy.AllowsEmotions(next.Profile.Purpose);
        Func<string, string> running = _variantOf;
        bool Changes(string id) => !onlyChanged || running(id) != variantOf(id);
        FaceModels? faceModels = null;
        FacePipeline? face = null;
        PoseModel? pose = null;
        BodyPipeline? body = null;
        SileroVoiceActivityModel? vad = null;
        VoicePipeline? voice = null;
        try
        {
            if (_pipeline is { } runningFace && (Changes(FaceModels.DetectorId) || Changes(FaceModels.MeshId) || Changes(FaceModels.IrisId) || Changes(FaceModels.EmotionId)))
            {
                faceModels = FaceModels.Load(next.Environment, next.Catalog, next.Store, next.SessionOptions, variantOf, onlyChanged ? _models : null);
                face = new FacePipeline(faceModels, runningFace.Options);
            }

            string poseId = next.Profile.Inference.BodyPoseModelId;
            if (_body is not null && Changes(poseId))
            {
                pose = PoseModel.Load(next.Environment, next.Catalog, next.Store, next.SessionOptions, variantOf(poseId), poseId);
                body = new BodyPipeline(pose, new BodyTrackingOptions { InferAffect = affect });
            }

            if (_voice is not null && Changes(SileroVoiceActivityModel.CatalogId))
            {
                vad = SileroVoiceActivityModel.Load(next.Environment, next.Catalog, next.Store, next.SessionOptions, variantOf(SileroVoiceActivityModel.CatalogId));
                voice = new VoicePipeline(vad, new FuserFeed(this), inferAffect: affect);
            }
        }
        catch
        {
            face?.Dispose();
            faceModels?.Dispose();
            body?.Dispose();
            pose?.Dispose();
            vad?.Dispose();
            throw;
        }

        if (face is not null)
        {
            FacePipeline? oldPipeline;
            FaceModels? oldModels;
            FaceLandmarker? share = _landmarkShare is null ? null : face.CreateLandmarkShare();
            // The detection and emotion threads run the pipeline's stages too: each finishes its run first.
            lock (_faceGate)
            lock (_detectGate)
            lock (_emotionGate)
            {
                ApplyRates(face, _degradation);
                (oldPipeline, _pipeline) = (_pipeline, face);
                (oldModels, _models) = (_models, faceModels);
                _needsDetection = true;
                if (share is not null)
                {
                    _landmarkShare!.Replace(share);
                }
            }

            oldPipeline?.Dispose();
            oldModels?.Dispose();
        }

        if (body is not null)
        {
            BodyPipeline? oldBody;
            PoseModel? oldPose;
            lock (_bodyGate)
            {
                (oldBody, _body) = (_body, body);
                (oldPose, _poseModel) = (_poseModel, pose);
            }

            oldBody?.Dispose();
            oldPose?.Dispose();
        }

        if (voice is not null)
        {
            SileroVoiceActivityModel? oldVad;
            lock (_voiceGate)
            {
                // A speech segment open on the old pipeline is analysed now; the new one starts a fresh stream.
                _voice!.Flush();
                _voice = voice;
                (oldVad, _vad) = (_vad, vad);
            }

            oldVad?.Dispose();
        }

        _variantOf = variantOf;
        ReleaseModelFiles();
    }

    /// <summary>
    /// Each model file is read whole (and its sha256 checked) into an array on the large-object heap, which
    /// is garbage once its session is made: tens of MiB that otherwise stay until the collector next gets
    /// round to a full collection, minutes later, with the heap creeping up meanwhile. One compacting full
    /// collection, once the models are loaded, gives them back (at start, before any stage runs; after a
    /// swap, a pause of a few ms the keeper's settling time already leaves out).
    /// </summary>
    private static void ReleaseModelFiles()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>
    /// The models the running stages use from <paramref name="setup"/>, each with the variant
    /// <paramref name="variantOf"/> gives (<c>blazeface-back fp32, ..., emotion int8</c>): what a device
    /// really runs, for the log; remembered as <see cref="RunningModels"/>.
    /// </summary>
    private string ModelsInUse(RuntimeSetup setup, Func<string, string> variantOf)
    {
        string running = DescribeModels(setup, variantOf);
        Volatile.Write(ref _runningModels, running);
        return running;
    }

    /// <summary>The models the running stages use and their variants, as last logged (<c>blazeface-back fp32, ..., emotion int8</c>); null before sensing starts.</summary>
    internal string? RunningModels => Volatile.Read(ref _runningModels);

    /// <summary>The face models the stages run now (null when no face is sensed).</summary>
    internal FaceModels? FaceModelsInUse
    {
        get
        {
            lock (_swapGate)
            {
                return _models;
            }
        }
    }

    private string DescribeModels(RuntimeSetup setup, Func<string, string> variantOf)
    {
        var ids = new List<string>();
        if (_pipeline is { } face)
        {
            ids.AddRange([FaceModels.DetectorId, FaceModels.MeshId, FaceModels.IrisId]);
            if (face.Options.ReadEmotions)
            {
                ids.Add(FaceModels.EmotionId);
            }
        }

        if (_body is not null)
        {
            ids.Add(setup.Profile.Inference.BodyPoseModelId);
        }

        if (_voice is not null)
        {
            ids.Add(SileroVoiceActivityModel.CatalogId);
        }

        return ids.Count == 0 ? "none" : string.Join(", ", ids.Select(id => $"{id} {variantOf(id)}"));
    }

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Sensing switched to the new setup's models ({ModelCount} models) between frames: {Models}")]
    private static partial void LogModelsSwapped(ILogger logger, int modelCount, LogText models);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Warning, Message = "Degradation {Level}: sensing switched between frames to {Models}")]
    private static partial void LogRungModels(ILogger logger, Degradation level, LogText models);

    [LoggerMessage(EventId = 2114, Level = LogLevel.Information, Message = "No lighter-models rung on this device's degradation ladder: {Reason}")]
    private static partial void LogNoLighterRung(ILogger logger, LogText reason);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Information, Message = "Sensing runs {Models}")]
    private static partial void LogModelsInUse(ILogger logger, LogText models);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Error, Message = "Sensing kept its models; the new setup's did not load: {Reason}")]
    private static partial void LogModelsNotSwapped(ILogger logger, LogText reason);
}
