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
    public void Faces_a_detector_found_in_an_earlier_frame_are_followed_with_the_landmarks_frames_own_capture_time()
    {
        // Detection and emotion run as a scheduler runs them on threads of their own: on frame 0, with
        // outputs of their own, handed to the landmark stage's call for frame 1 and 2.
        using FacePipeline pipeline = models.Pipeline();
        Assert.True(pipeline.NeedsDetection);
        FaceDetections detected = pipeline.CreateDetections();
        Assert.True(pipeline.Detection.TryRun(new FaceFrame(s_clip.Value[0].View, TimeSpan.Zero, 0), detected, TimeSpan.Zero, force: true));
        Assert.Equal(TimeSpan.Zero, detected.CaptureTime);

        FaceFrameResult first = pipeline.Follow(s_clip.Value[1].View, TimeSpan.FromMilliseconds(100), 1, detected, emotions: null);

        Assert.True(first.Detected);
        Assert.Equal(3, first.Count);
        Assert.False(pipeline.NeedsDetection);
        Assert.True(pipeline.NeedsEmotion);
        Assert.All(SampleFaceTests.Faces(first), f => Assert.Equal(TimeSpan.FromMilliseconds(100), f.Observation.Window.Start));
        Assert.All(SampleFaceTests.Faces(first), f => Assert.Null(f.Observation.Emotions));

        var regions = new FaceRegions(pipeline.Options.MaxFaces);
        pipeline.CopyRegions(regions);
        FaceEmotions emotions = pipeline.CreateEmotions();
        pipeline.Emotion.TryRun(new FaceFrame(s_clip.Value[1].View, TimeSpan.FromMilliseconds(100), 1, regions), emotions, TimeSpan.FromMilliseconds(100), force: true);
        Assert.Equal(TimeSpan.FromMilliseconds(100), emotions.CaptureTime);
        var ids = SampleFaceTests.Faces(first).Select(f => f.TrackId).ToHashSet();

        FaceFrameResult second = pipeline.Follow(s_clip.Value[2].View, TimeSpan.FromMilliseconds(200), 2, detected: null, emotions);

        Assert.False(second.Detected);
        Assert.True(second.EmotionsRan);
        Assert.False(pipeline.NeedsEmotion);
        Assert.Equal(ids, SampleFaceTests.Faces(second).Select(f => f.TrackId).ToHashSet());
        Assert.All(SampleFaceTests.Faces(second), f => Assert.NotNull(f.Observation.Emotions));
        Assert.All(SampleFaceTests.Faces(second), f => Assert.Equal(TimeSpan.FromMilliseconds(200), f.Observation.Window.Start));
    }

    [Fact]
    public void Faces_read_half_here_and_half_by_a_second_landmarker_give_the_same_landmarks_as_one_reading_them_all()
    {
        using FacePipeline alone = models.Pipeline();
        using FacePipeline shared = models.Pipeline();
        using var share = new SecondLandmarker(shared.CreateLandmarkShare());
        FaceDetections detected = alone.CreateDetections();
        alone.Detection.TryRun(new FaceFrame(s_clip.Value[0].View, TimeSpan.Zero, 0), detected, TimeSpan.Zero, force: true);

        for (int i = 1; i < 4; i++)
        {
            var time = TimeSpan.FromMilliseconds(100 * i);
            share.Image = s_clip.Value[i];
            FaceFrameResult one = alone.Follow(s_clip.Value[i].View, time, i, i == 1 ? detected : null, null);
            int[] expectedIds = [.. SampleFaceTests.Faces(one).Select(f => f.TrackId)];
            float[] expected = [.. SampleFaceTests.Faces(one).SelectMany(f => f.Landmarks.ToArray())];
            FaceFrameResult two = shared.Follow(s_clip.Value[i].View, time, i, i == 1 ? detected : null, null, share);

            Assert.Equal(3, two.Count);
            Assert.Equal(expectedIds, SampleFaceTests.Faces(two).Select(f => f.TrackId));
            Assert.Equal(expected, SampleFaceTests.Faces(two).SelectMany(f => f.Landmarks.ToArray()));
        }

        // The second landmarker read faces 1 (of 0, 1, 2) on each of the three frames.
        Assert.Equal(3, share.Calls);
    }

    // Reads its share on the caller's thread: the scheduler's runs it on another.
    private sealed class SecondLandmarker(FaceLandmarker landmarker) : IFaceLandmarkShare, IDisposable
    {
        private FaceRegions? _regions;
        private FaceLandmarks? _landmarks;

        public RgbImage? Image { get; set; }

        public int Calls { get; private set; }

        public void Start(FaceRegions regions, FaceLandmarks landmarks) => (_regions, _landmarks) = (regions, landmarks);

        public void Finish()
        {
            landmarker.RunShare(new FaceFrame(Image!.View, TimeSpan.Zero, 0, _regions), _landmarks!, 1, 2);
            Calls++;
        }

        public void Dispose() => landmarker.Dispose();
    }

    [Fact]
    public void Frames_of_another_size_start_the_tracks_afresh_and_a_detector_run_on_the_old_size_is_ignored()
    {
        using FacePipeline pipeline = models.Pipeline();
        FaceDetections detected = pipeline.CreateDetections();
        pipeline.Detection.TryRun(new FaceFrame(s_clip.Value[0].View, TimeSpan.Zero, 0), detected, TimeSpan.Zero, force: true);
        Assert.Equal(3, pipeline.Follow(s_clip.Value[1].View, TimeSpan.FromMilliseconds(100), 1, detected, null).Count);

        RgbImage half = Half(s_clip.Value[2]);
        FaceFrameResult result = pipeline.Follow(half.View, TimeSpan.FromMilliseconds(200), 2, detected, null);

        Assert.False(result.Detected);
        Assert.Equal(0, result.Count);
        Assert.True(pipeline.NeedsDetection);

        // Run in turn, the pipeline finds the faces again at the smaller size, in new tracks.
        FaceFrameResult again = pipeline.Process(half.View, TimeSpan.FromMilliseconds(300), 3);
        Assert.Equal(3, again.Count);
        Assert.Equal((320, 240), (again.Width, again.Height));
    }

    // The frame at half its width and height, each pixel the mean of four.
    private static RgbImage Half(RgbImage image)
    {
        var half = new RgbImage(image.Width / 2, image.Height / 2);
        ReadOnlySpan<byte> from = image.Pixels;
        Span<byte> to = half.Pixels;
        for (int y = 0; y < half.Height; y++)
        {
            for (int x = 0; x < half.Width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int at = ((2 * y * image.Width) + (2 * x)) * 3 + c;
                    int below = at + (image.Width * 3);
                    to[((y * half.Width) + x) * 3 + c] = (byte)((from[at] + from[at + 3] + from[below] + from[below + 3] + 2) / 4);
                }
            }
        }

        return half;
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
