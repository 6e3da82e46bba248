using System.Globalization;
using EdgeMer.Affect;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Onnx;
using EdgeMer.Perception.Body;
using EdgeMer.Platform;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// A gait-emotion model plugged in through its manifest: tiny models built here with EdgeMer.Onnx (a
/// linear layer over the mean of each channel of the joint sequences), checked against the same
/// arithmetic done by hand on a kinematic walker's poses.
/// </summary>
public sealed class GaitEmotionModelTests : IDisposable
{
    private const int Frames = 20;
    private const double Scale = 2, Offset = 0.25;

    private static readonly string[] s_labels = ["calm", "tense", "low"];

    // Rows: the channels' means (x, y, score); columns: the labels.
    private static readonly float[] s_weights = [3f, 0f, -2f, 0f, 4f, 1f, 0.5f, 0f, 0f];

    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-gait-").FullName;

    private readonly InferenceEnvironment _environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions { LogId = "edgemer-perception-tests" }, NullLoggerFactory.Instance);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_model_reads_the_last_poses_relative_to_the_hips_in_body_heights_through_its_manifests_mapping()
    {
        using GaitEmotionModel model = Plug("gait-linear", Model(3), Input(3));
        var walker = new KinematicWalker(LeanDegrees: 10f);
        var window = new GaitWindow(64, TimeSpan.FromSeconds(4));
        var pose = new BodyPose();
        var random = new Random(9);
        for (int i = 0; i < 30; i++)
        {
            walker.Place(pose, TimeSpan.FromSeconds(i / 30.0), random, 0.002f);
            if (i % 7 == 0)
            {
                pose.Score[(int)BodyKeypoint.LeftWrist] = 0.1f;
            }

            window.Add(pose, 0.3f);
        }

        float height = window.Measure().BodyHeightPixels!.Value;
        (EmotionDistribution emotions, ValenceArousal? affect) = model.Classify(window, height);

        // By hand: the last 20 poses, each seen joint's (x, y) less the hips' middle over the height, and
        // its score, each times 2 plus 0.25; unseen joints zero; the mean of each channel over 20 x 17.
        double[] mean = new double[3];
        for (int i = window.Count - Frames; i < window.Count; i++)
        {
            float hx = (window.X(i, 11) + window.X(i, 12)) / 2, hy = (window.Y(i, 11) + window.Y(i, 12)) / 2;
            for (int v = 0; v < BodyPose.KeypointCount; v++)
            {
                if (window.Score(i, v) >= 0.3f)
                {
                    mean[0] += ((((window.X(i, v) - hx) / height) * Scale) + Offset) / (Frames * 17);
                    mean[1] += ((((window.Y(i, v) - hy) / height) * Scale) + Offset) / (Frames * 17);
                    mean[2] += ((window.Score(i, v) * Scale) + Offset) / (Frames * 17);
                }
            }
        }

        double[] p = Softmax(Linear(mean, s_weights, 3));
        Assert.Equal(p[0], emotions[EmotionLabel.Neutral], 4);
        Assert.Equal(p[1], emotions[EmotionLabel.Angry], 4);
        Assert.Equal(p[2], emotions[EmotionLabel.Sad], 4);
        Assert.NotNull(affect);
        Assert.Equal((p[1] * -0.6) + (p[2] * -0.7), affect.Value.Valence, 4);
        Assert.Equal((p[1] * 0.7) + (p[2] * -0.4), affect.Value.Arousal, 4);
    }

    [Fact]
    public void A_tracker_with_a_model_gives_its_emotions_and_affect_at_its_interval_without_allocating()
    {
        using GaitEmotionModel model = Plug("gait-xy", Model(2), Input(2));
        var tracker = new BodyTracker(new BodyTrackingOptions { ModelInterval = TimeSpan.FromMilliseconds(500) }, model);
        var walker = new KinematicWalker();
        var random = new Random(2);
        BodyPose[] poses = new BodyPose[240];
        for (int i = 0; i < poses.Length; i++)
        {
            poses[i] = new BodyPose();
            walker.Place(poses[i], TimeSpan.FromSeconds(i / 30.0), random, 0.002f);
        }

        // Before half the model's frames are in the window, the heuristic speaks alone.
        BodyTrack track = tracker.Update(0, poses[0])!;
        Assert.Equal(BodyAffectSource.Heuristic, track.AffectSource);
        Assert.Null(track.Observation.Emotions);

        for (int i = 1; i < 120; i++)
        {
            tracker.Update(0, poses[i]);
        }

        Assert.Equal(BodyAffectSource.Model, track.AffectSource);
        EmotionDistribution first = track.Observation.Emotions!.Value;
        Assert.Equal(track.Observation.Affect, ValenceArousal.Expected(first, Anchors()));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 120; i < poses.Length; i++)
        {
            tracker.Update(0, poses[i]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(first, track.Observation.Emotions!.Value);
    }

    [Fact]
    public void A_joints_input_without_17_joints_is_refused_by_field()
    {
        string input = Input(3).Replace($"{Frames}, 17, 1]", $"{Frames}, 16, 1]", StringComparison.Ordinal);
        ModelManifestException e = Assert.Throws<ModelManifestException>(() => Plug("gait-16", Model(3), input));

        Assert.Equal("inputs[0].shape", e.Field);
        Assert.Contains("17 joints", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_that_is_not_a_gait_emotion_model_is_refused_by_field()
    {
        ModelManifestException e = Assert.Throws<ModelManifestException>(() => Plug("gait-face", Model(3), Input(3), task: "face-emotion"));

        Assert.Equal("task", e.Field);
        Assert.Contains("gait-emotion", e.Message, StringComparison.Ordinal);
    }

    private static string Input(int channels) =>
        $$"""{ "name": "joints", "shape": ["batch", {{channels}}, {{Frames}}, 17, 1], "layout": "NCTVM", "dtype": "float32", "colorOrder": "none", "content": "joints-coco17", "normalization": { "scale": {{Scale.ToString(CultureInfo.InvariantCulture)}}, "offset": {{Offset.ToString(CultureInfo.InvariantCulture)}}, "description": "EdgeMer's joint values, times 2, plus 0.25" } }""";

    /// <summary>joints [1, C, T, 17, 1] -> mean over frames, joints and persons -> MatMul [C, 3] -> softmax.</summary>
    private static byte[] Model(int channels)
    {
        var model = new OnnxModel("gait-linear");
        model.Graph.AddInput("joints", TensorElementType.Float, [1, channels, Frames, 17, 1]);
        model.Graph.AddOutput("probabilities", TensorElementType.Float, [1, s_labels.Length]);
        model.Graph.AddInitializer(OnnxTensors.FromFloats("w", s_weights.AsSpan(0, channels * s_labels.Length).ToArray(), [channels, s_labels.Length]));
        model.Graph.AddNode("ReduceMean", ["joints"], ["mean"], attributes: [OnnxAttributes.Ints("axes", 2, 3, 4), OnnxAttributes.Int("keepdims", 0)]);
        model.Graph.AddNode("MatMul", ["mean", "w"], ["logits"]);
        model.Graph.AddNode("Softmax", ["logits"], ["probabilities"], attributes: [OnnxAttributes.Int("axis", -1)]);
        model.Validate();
        return model.ToBytes();
    }

    private static ValenceArousal[] Anchors()
    {
        var anchors = new ValenceArousal[EmotionLabels.Count];
        anchors[(int)EmotionLabel.Angry] = new ValenceArousal(-0.6f, 0.7f);
        anchors[(int)EmotionLabel.Sad] = new ValenceArousal(-0.7f, -0.4f);
        return anchors;
    }

    /// <summary>Writes the model's manifest (and the licence text it names) and plugs the model in.</summary>
    private GaitEmotionModel Plug(string id, byte[] onnx, string input, string task = "gait-emotion")
    {
        ModelDescription description = PluggedManifest.Write(_dir, id, onnx, "A tiny gait-emotion model built by the test", task, "body", "tiny-gait", input);
        return GaitEmotionModel.Create(description, InferenceSession.Load(_environment, onnx, id, new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 }));
    }

    private static double[] Linear(double[] x, float[] weights, int outputs)
    {
        var y = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                y[o] += x[i] * weights[(i * outputs) + o];
            }
        }

        return y;
    }

    private static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        double[] e = [.. logits.Select(l => Math.Exp(l - max))];
        double sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }
}
