using System.Globalization;
using System.Text;
using EdgeMer.Perception.Body;

namespace EdgeMer.Perception.Tests;

/// <summary>The JSON-lines skeleton stream: what it accepts, what it refuses (naming the line), and tracks fed from it.</summary>
public sealed class SkeletonStreamTests
{
    private static string Keypoints(float x = 10, float y = 20, float score = 0.9f, int count = BodyPose.KeypointCount) =>
        "[" + string.Join(", ", Enumerable.Range(0, count).Select(k => string.Create(CultureInfo.InvariantCulture, $"[{x + k}, {y + (2 * k)}, {score}]"))) + "]";

    private static SkeletonStreamReader Reader(string text) => new(new MemoryStream(Encoding.UTF8.GetBytes(text)), "people.jsonl");

    [Fact]
    public void Each_line_is_one_persons_skeleton_at_its_time()
    {
        string text = $$"""
            {"time": 0.5, "track": 7, "keypoints": {{Keypoints()}}}

            {"track": 2, "time": 0.5, "keypoints": {{Keypoints(100, 50, 0.25f)}}}
            {"time": 0.6, "track": 7, "ended": true}
            """;
        using SkeletonStreamReader reader = Reader(text);
        var pose = new BodyPose();

        Assert.True(reader.TryRead(pose, out SkeletonLine first));
        Assert.Equal(new SkeletonLine(1, 7, TimeSpan.FromSeconds(0.5), false), first);
        Assert.Equal(TimeSpan.FromSeconds(0.5), pose.CaptureTime);
        Assert.Equal((26f, 52f), pose[BodyKeypoint.RightAnkle]);
        Assert.Equal(0.9f, pose.ScoreOf(BodyKeypoint.Nose));

        Assert.True(reader.TryRead(pose, out SkeletonLine second));
        Assert.Equal(3, second.LineNumber);
        Assert.Equal(2, second.Track);
        Assert.Equal(0.25f, pose.ScoreOf(BodyKeypoint.LeftHip));

        Assert.True(reader.TryRead(pose, out SkeletonLine third));
        Assert.True(third.Ended);
        Assert.False(reader.TryRead(pose, out _));
    }

    public static TheoryData<string, string> MalformedLines => new()
    {
        { "not json", "not valid JSON" },
        { "[1, 2, 3]", "one JSON object" },
        { $$"""{"time": 1, "keypoints": {{Keypoints()}}}""", "'track' is missing" },
        { $$"""{"track": 1, "keypoints": {{Keypoints()}}}""", "'time' is missing" },
        { """{"time": 1, "track": 1}""", "'keypoints' is missing" },
        { $$"""{"time": 1, "track": 1, "keypoints": {{Keypoints(count: 16)}}}""", "has 16 entries; 17 COCO keypoints expected" },
        { $$"""{"time": 1, "track": 1, "keypoints": {{Keypoints(count: 18)}}}""", "more than 17 entries" },
        { $$"""{"time": 1, "track": 1, "keypoints": {{Keypoints(score: 1.5f)}}}""", "has score 1.5; scores are 0 to 1" },
        { """{"time": 1, "track": 1, "keypoints": [[1, 2]]}""", "keypoint 0 (Nose) has 2 numbers" },
        { """{"time": 1, "track": 1, "keypoints": [[1, "a", 0.5]]}""", "keypoint 0 (Nose) must be three numbers" },
        { $$"""{"time": -1, "track": 1, "keypoints": {{Keypoints()}}}""", "'time' must be 0 or more seconds" },
        { $$"""{"time": 1, "track": -3, "keypoints": {{Keypoints()}}}""", "'track' must be a whole number from 0" },
        { $$"""{"time": 1, "track": 1.5, "keypoints": {{Keypoints()}}}""", "'track' must be a whole number from 0" },
        { $$"""{"time": 1, "track": 1, "keypoints": {{Keypoints()}}, "mood": "happy"}""", "unknown member 'mood'" },
        { $$"""{"time": 1, "time": 2, "track": 1, "keypoints": {{Keypoints()}}}""", "'time' is given twice" },
        { $$"""{"time": 1, "track": 1, "ended": true, "keypoints": {{Keypoints()}}}""", "'ended': true has no keypoints" },
        { $$"""{"time": 0.1, "track": 1, "keypoints": {{Keypoints()}}}""", "'time' 0.1 goes back from 0.5" },
    };

    [Theory]
    [MemberData(nameof(MalformedLines))]
    public void A_malformed_line_is_refused_with_its_line_number_and_the_problem(string line, string problem)
    {
        // Line 1 is valid (time 0.5); line 2 is blank; the malformed line is line 3.
        string text = $$"""{"time": 0.5, "track": 1, "keypoints": {{Keypoints()}}}""" + "\n\n" + line + "\n";
        using SkeletonStreamReader reader = Reader(text);
        var pose = new BodyPose();
        Assert.True(reader.TryRead(pose, out _));

        SkeletonStreamException error = Assert.Throws<SkeletonStreamException>(() => reader.TryRead(pose, out _));
        Assert.Equal(3, error.Line);
        Assert.StartsWith("people.jsonl line 3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_by_name()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgemer-no-such-{Guid.NewGuid():N}.jsonl");
        SkeletonStreamException error = Assert.Throws<SkeletonStreamException>(() => SkeletonStreamReader.Open(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skeletons_of_two_walkers_from_a_file_become_two_tracks_with_their_own_gait()
    {
        // Two people written as the sender tracks them (its numbers 11 and 4), 5 s at 30 poses per second.
        var slow = new KinematicWalker(Speed: 0.5f, Cadence: 95f);
        var fast = new KinematicWalker(Speed: 1.0f, Cadence: 125f, HeightPixels: 250f);
        var pose = new BodyPose();
        var random = new Random(5);
        var text = new StringBuilder();
        for (int i = 0; i < 150; i++)
        {
            TimeSpan time = TimeSpan.FromSeconds(i / 30.0);
            foreach ((int track, KinematicWalker walker) in (ReadOnlySpan<(int, KinematicWalker)>)[(11, slow), (4, fast)])
            {
                walker.Place(pose, time, random, 0.002f);
                text.Append(CultureInfo.InvariantCulture, $"{{\"time\": {time.TotalSeconds:R}, \"track\": {track}, \"keypoints\": [");
                for (int k = 0; k < BodyPose.KeypointCount; k++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{(k == 0 ? "" : ", ")}[{pose.X[k]:R}, {pose.Y[k]:R}, {pose.Score[k]:R}]");
                }

                text.Append("]}\n");
            }
        }

        string path = Path.Combine(Path.GetTempPath(), $"edgemer-skeletons-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, text.ToString());
        try
        {
            using SkeletonStreamReader reader = SkeletonStreamReader.Open(path);
            var tracker = new BodyTracker();
            BodyTrack? slowTrack = null, fastTrack = null;
            while (reader.TryRead(pose, out SkeletonLine line))
            {
                BodyTrack? track = tracker.Update(line.Track, pose);
                if (line.Track == 11)
                {
                    slowTrack = track;
                }
                else
                {
                    fastTrack = track;
                }
            }

            Assert.Equal(0, slowTrack!.Id);
            Assert.Equal(1, fastTrack!.Id);
            GaitFeatureTests.AssertWithin(95f, slowTrack.Features.Cadence, 95f * 0.03f, "slow walker's cadence");
            GaitFeatureTests.AssertWithin(125f, fastTrack.Features.Cadence, 125f * 0.03f, "fast walker's cadence");
            Assert.True(fastTrack.Affect.Affect!.Value.Arousal > slowTrack.Affect.Affect!.Value.Arousal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
