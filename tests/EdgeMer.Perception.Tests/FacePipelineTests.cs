using EdgeMer.Affect;
using EdgeMer.Imaging;
using EdgeMer.Perception.Face;

namespace EdgeMer.Perception.Tests;

/// <summary>The pipeline over the 640x480 clip: tracks that hold, stages that rate-limit, no allocation in steady state.</summary>
[Collection(FaceModelsGroup.Name)]
public sealed class FacePipelineTests(FaceModelsFixture models)
{
    private static readonly Lazy<RgbImage[]> s_clip = new(() => [.. Enumerable.Range(0, 10).Select(i => SampleFrames.ClipFrame(i * 3))]);

    [Fact]
    public void Each_face_keeps_its_anonymous_track_while_it_moves()
    {
        using FacePipeline pipeline = models.Pipeline(new FacePipelineOptions());
        var firstIds = new HashSet<int>();
        for (int i = 0; i < s_clip.Value.Length; i++)
        {
            FaceFrameResult result = pipeline.Process(s_clip.Value[i].View, TimeSpan.FromMilliseconds(300 * i), i);
            Assert.Equal(3, result.Count);
            var ids = SampleFaceTests.Faces(result).Select(f => f.TrackId).ToHashSet();
            if (i == 0)
            {
                firstIds = ids;
            }

            Assert.Equal(firstIds, ids);
            Assert.All(SampleFaceTests.Faces(result), f => Assert.Equal(f.TrackId, f.Observation.TrackId));
        }
    }

    [Fact]
    public void The_detector_and_the_emotion_model_wait_out_their_intervals_while_landmarks_run_every_frame()
    {
        var options = new FacePipelineOptions { DetectionInterval = TimeSpan.FromSeconds(1), EmotionInterval = TimeSpan.FromMilliseconds(500) };
        using FacePipeline pipeline = models.Pipeline(options);

        for (int i = 0; i < 10; i++)
        {
            FaceFrameResult result = pipeline.Process(s_clip.Value[i].View, TimeSpan.FromMilliseconds(100 * i), i);
            Assert.Equal(i is 0, result.Detected);
            Assert.Equal(i is 0 or 5, result.EmotionsRan);
            Assert.Equal(3, result.Count);
            Assert.All(SampleFaceTests.Faces(result), f => Assert.NotNull(f.Observation.Emotions));
        }

        Assert.Equal(1, pipeline.Detection.Runs);
        Assert.Equal(10, pipeline.Landmarks.Runs);
        Assert.Equal(2, pipeline.Emotion.Runs);
        Assert.Equal(9, pipeline.Detection.Skipped);
        Assert.True(pipeline.Landmarks.Total.ModelRuns >= 20, "FaceMesh and Iris ran for each face");
    }

    [Fact]
    public void A_frame_without_faces_ends_the_tracks_and_gives_no_observation()
    {
        using FacePipeline pipeline = models.Pipeline();
        Assert.Equal(3, pipeline.Process(s_clip.Value[0].View, TimeSpan.Zero, 0).Count);

        var empty = new RgbImage(640, 480);
        empty.Pixels.Fill(90);
        FaceFrameResult result = pipeline.Process(empty.View, TimeSpan.FromMilliseconds(100), 1);

        Assert.Equal(0, result.Count);
    }

    [Fact]
    public void Steady_state_frames_allocate_no_managed_memory()
    {
        using FacePipeline pipeline = models.Pipeline();
        RgbImage[] clip = s_clip.Value;
        int[] counts = new int[3 * clip.Length];
        long[] bytes = new long[counts.Length];
        // Two passes over the clip warm up (the runtime's first calls of a method, its tiering); the third is measured.
        for (int i = 0; i < counts.Length; i++)
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            counts[i] = pipeline.Process(clip[i % clip.Length].View, TimeSpan.FromMilliseconds(100 * i), i).Count;
            bytes[i] = GC.GetAllocatedBytesForCurrentThread() - start;
        }

        long allocated = bytes[(2 * clip.Length)..].Sum();
        Assert.True(allocated == 0, $"allocated per frame: {string.Join(", ", bytes)}");
        Assert.All(counts, count => Assert.Equal(3, count));
    }

    [Fact]
    public void The_valence_and_arousal_are_the_manifests_anchors_weighted_by_the_distribution()
    {
        using FacePipeline pipeline = models.Pipeline();
        FaceFrameResult result = pipeline.Process(FaceModelsFixture.Photo("portrait-woman.jpg").View, TimeSpan.Zero, 0);

        Observation observation = SampleFaceTests.Faces(result).Single().Observation;
        ValenceArousal[] anchors = [.. Enum.GetValues<EmotionLabel>().Select(label => models.Models.Emotion.Description.Anchor(label)!.Value)];
        ValenceArousal expected = ValenceArousal.Expected(observation.Emotions!.Value, anchors);
        Assert.Equal(expected, observation.Affect);
        // Angry leads on this face, whose anchor is unpleasant and aroused.
        Assert.True(observation.Affect!.Value.Valence < 0 && observation.Affect.Value.Arousal > 0, $"{observation.Affect}");
    }
}
