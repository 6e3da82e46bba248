using System.Globalization;
using System.Text.Json;
using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Host.Perceiving;
using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Body;
using EdgeMer.Runtime.Sensing;

namespace EdgeMer.Host.Commands;

/// <summary>
/// The body side of <c>edgemer perceive</c> (<c>--modality body</c>): frames from an image, folder, video
/// or camera through the pose model <c>--pose-model</c> names (MoveNet Lightning by default, MoveNet
/// MultiPose or BlazePose Lite) and the body tracker, or a skeleton stream (<c>.jsonl</c>) through the
/// tracker alone; one line per track and pose with its activity, gait, posture and the heuristic's
/// affect, or a gait model's plugged in by its manifest (<c>--gait-model</c>).
/// </summary>
internal static class PerceiveBody
{
    private const uint BoneColor = 0xFF00E000, JointColor = 0xFFFFD000, LabelColor = 0xFFFFFFFF;

    private static readonly (BodyKeypoint, BodyKeypoint)[] s_bones =
    [
        (BodyKeypoint.LeftShoulder, BodyKeypoint.RightShoulder), (BodyKeypoint.LeftHip, BodyKeypoint.RightHip),
        (BodyKeypoint.LeftShoulder, BodyKeypoint.LeftHip), (BodyKeypoint.RightShoulder, BodyKeypoint.RightHip),
        (BodyKeypoint.LeftShoulder, BodyKeypoint.LeftElbow), (BodyKeypoint.LeftElbow, BodyKeypoint.LeftWrist),
        (BodyKeypoint.RightShoulder, BodyKeypoint.RightElbow), (BodyKeypoint.RightElbow, BodyKeypoint.RightWrist),
        (BodyKeypoint.LeftHip, BodyKeypoint.LeftKnee), (BodyKeypoint.LeftKnee, BodyKeypoint.LeftAnkle),
        (BodyKeypoint.RightHip, BodyKeypoint.RightKnee), (BodyKeypoint.RightKnee, BodyKeypoint.RightAnkle),
        (BodyKeypoint.Nose, BodyKeypoint.LeftEye), (BodyKeypoint.Nose, BodyKeypoint.RightEye),
        (BodyKeypoint.LeftEye, BodyKeypoint.LeftEar), (BodyKeypoint.RightEye, BodyKeypoint.RightEar),
    ];

    private static readonly (BodyKeypoint, BodyFootPoint, BodyFootPoint)[] s_feet =
    [
        (BodyKeypoint.LeftAnkle, BodyFootPoint.LeftHeel, BodyFootPoint.LeftToe),
        (BodyKeypoint.RightAnkle, BodyFootPoint.RightHeel, BodyFootPoint.RightToe),
    ];

    /// <summary>Whether <paramref name="source"/> is named as a skeleton stream (JSON lines).</summary>
    public static bool IsSkeletonStream(string source) =>
        source.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

    public static int Run(string sourceName, bool json, string? overlayPath, int maxFrames, InferenceEnvironment environment, ModelCatalog catalog, ModelStore store, TextWriter output, TextWriter error, string poseModel = PoseModel.LightningId, string? gaitManifest = null)
    {
        using GaitEmotionModel? gait = gaitManifest is null ? null : GaitEmotionModel.LoadFromManifest(environment, gaitManifest);
        if (IsSkeletonStream(sourceName))
        {
            if (overlayPath is not null)
            {
                error.WriteLine("edgemer perceive: --overlay draws on frames; a skeleton stream has none");
                return 1;
            }

            return RunSkeletons(sourceName, json, output, error, gait);
        }

        using PoseModel model = PoseModel.Load(environment, catalog, store, id: poseModel);
        var clock = new CaptureClock(TimeProvider.System);
        using IFrameSource source = VideoSources.Open(sourceName, clock);
        IReadOnlyList<string>? files = (source as ImageFolderSource)?.Files;
        using var pipeline = new BodyPipeline(model, gaitModel: gait);
        using FrameOverlay? overlay = overlayPath is null ? null : new FrameOverlay(overlayPath, source);
        using var enough = new CancellationTokenSource();
        int frameCount = 0, poses = 0;
        source.RunAsync(
            frame =>
            {
                pipeline.ProcessFrame(ImageView.Of(frame), frame.CaptureTime);
                string label = files is not null ? files[(int)(frame.Sequence % files.Count)] : $"frame {frame.Sequence}";
                foreach (BodyTrack track in pipeline.Updated)
                {
                    output.WriteLine(json ? Json(track, frame.Sequence, null) : Line(label, track));
                }

                poses += pipeline.Updated.Length > 0 ? 1 : 0;
                overlay?.Draw(frame, pipeline, DrawAll);

                if (++frameCount == maxFrames)
                {
                    enough.Cancel();
                }
            },
            enough.Token).GetAwaiter().GetResult();
        overlay?.Finish();
        error.WriteLine($"{source.Name}: {frameCount} frames through {model.Description.Id}, a person in {poses}");
        return 0;
    }

    private static int RunSkeletons(string path, bool json, TextWriter output, TextWriter error, GaitEmotionModel? gait)
    {
        using SkeletonStreamReader reader = SkeletonStreamReader.Open(path);
        var tracker = new BodyTracker(model: gait);
        var pose = new BodyPose();
        int lines = 0;
        while (reader.TryRead(pose, out SkeletonLine line))
        {
            lines++;
            if (line.Ended)
            {
                tracker.End(line.Track);
                continue;
            }

            if (tracker.Update(line.Track, pose) is { } track)
            {
                output.WriteLine(json ? Json(track, null, line.Track) : Line($"line {line.LineNumber}", track));
            }
        }

        error.WriteLine($"{path}: {lines} skeletons read");
        return 0;
    }

    private static string Line(string label, BodyTrack track)
    {
        GaitFeatures f = track.Features;
        string affect = track.Observation.Affect is { } a
            ? string.Create(CultureInfo.InvariantCulture, $"arousal {a.Arousal:+0.00;-0.00} valence {a.Valence:+0.00;-0.00} ({(track.AffectSource == BodyAffectSource.Model ? "model" : "heuristic")})")
            : "no affect (not walking)";
        return string.Create(CultureInfo.InvariantCulture,
            $"{label} t={track.Pose.CaptureTime.TotalSeconds:0.000}s track {track.Id} {f.Activity.ToString().ToLowerInvariant(),-8} speed {Num(f.Speed, "0.00")} H/s  cadence {Num(f.Cadence, "0")}/min  stride {Num(f.StrideLength, "0.00")} H  arm swing {Num(f.ArmSwingDegrees, "0")}°  lean {Num(f.TrunkLeanDegrees, "0")}°  head {Num(f.HeadPitchDegrees, "0")}°  expansion {Num(f.Expansion, "0.00")}  jerk {Num(f.Jerk, "0")}  sway {Num(f.Sway, "0.000")}  {affect}  quality {track.Affect.Quality:0.00}  window {f.WindowSeconds:0.0}s");
    }

    private static string Num(float? value, string format) => value is float v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Json(BodyTrack track, long? frame, int? sourceTrack)
    {
        GaitFeatures f = track.Features;
        float[][] keypoints = new float[BodyPose.KeypointCount][];
        for (int k = 0; k < BodyPose.KeypointCount; k++)
        {
            keypoints[k] = [MathF.Round(track.Pose.X[k], 2), MathF.Round(track.Pose.Y[k], 2), MathF.Round(track.Pose.Score[k], 3)];
        }

        float[][]? feet = null;
        if (track.Pose.HasFeet)
        {
            feet = new float[BodyPose.FootPointCount][];
            for (int p = 0; p < feet.Length; p++)
            {
                feet[p] = [MathF.Round(track.Pose.FootX[p], 2), MathF.Round(track.Pose.FootY[p], 2), MathF.Round(track.Pose.FootScore[p], 3)];
            }
        }

        var record = new PerceivedBody(
            "body",
            frame,
            sourceTrack,
            Math.Round(track.Pose.CaptureTime.TotalSeconds, 4),
            track.Id,
            f.Activity.ToString().ToLowerInvariant(),
            track.AffectSource == BodyAffectSource.Model ? "model" : "heuristic",
            track.Observation.Affect?.Valence,
            track.Observation.Affect?.Arousal,
            track.Affect.Quality,
            Math.Round(f.WindowSeconds, 3),
            f.Visibility,
            f.BodyHeightPixels,
            f.Speed,
            f.Cadence,
            f.StrideLength,
            f.StrideFromHeels,
            f.ArmSwingDegrees,
            f.TrunkLeanDegrees,
            f.HeadPitchDegrees,
            f.Expansion,
            f.Jerk,
            f.Sway,
            keypoints,
            feet);
        return JsonSerializer.Serialize(record, PerceiveJsonContext.Default.PerceivedBody);
    }

    private static void DrawAll(OverlayCanvas canvas, BodyPipeline pipeline)
    {
        foreach (BodyTrack track in pipeline.Updated)
        {
            Draw(canvas, track);
        }
    }

    private static void Draw(OverlayCanvas canvas, BodyTrack? track)
    {
        if (track is not null)
        {
            BodyPose pose = track.Pose;
            float seen = 0.3f, width = Math.Max(1.5f, (track.Features.BodyHeightPixels ?? 100) / 120);
            foreach ((BodyKeypoint a, BodyKeypoint b) in s_bones)
            {
                // Unseen joints are not drawn: their place is only the last one seen, or none.
                if (pose.ScoreOf(a) >= seen && pose.ScoreOf(b) >= seen)
                {
                    canvas.DrawLine(pose[a].X, pose[a].Y, pose[b].X, pose[b].Y, BoneColor, width);
                }
            }

            Span<float> point = stackalloc float[2];
            for (int k = 0; k < BodyPose.KeypointCount; k++)
            {
                if (pose.Score[k] >= seen)
                {
                    point[0] = pose.X[k];
                    point[1] = pose.Y[k];
                    canvas.DrawPoints(point, JointColor, radius: width * 1.2f);
                }
            }

            if (pose.HasFeet)
            {
                // Ankle to heel to toe, as Human draws BlazePose's feet.
                foreach ((BodyKeypoint ankle, BodyFootPoint heel, BodyFootPoint toe) in s_feet)
                {
                    if (pose.ScoreOf(ankle) >= seen && pose.ScoreOf(heel) >= seen)
                    {
                        canvas.DrawLine(pose[ankle].X, pose[ankle].Y, pose[heel].X, pose[heel].Y, BoneColor, width);
                    }

                    if (pose.ScoreOf(heel) >= seen && pose.ScoreOf(toe) >= seen)
                    {
                        canvas.DrawLine(pose[heel].X, pose[heel].Y, pose[toe].X, pose[toe].Y, BoneColor, width);
                    }
                }
            }

            string affect = track.Observation.Affect is { } v ? string.Create(CultureInfo.InvariantCulture, $" a{v.Arousal:+0.00;-0.00} v{v.Valence:+0.00;-0.00}") : string.Empty;
            (float x, float y) = pose[BodyKeypoint.Nose];
            canvas.DrawLabel(Math.Max(0, x - 40), Math.Max(0, y - 40), string.Create(CultureInfo.InvariantCulture, $"#{track.Id} {track.Features.Activity.ToString().ToLowerInvariant()}{affect} q{track.Affect.Quality:0.00}"), LabelColor);
        }
    }
}
