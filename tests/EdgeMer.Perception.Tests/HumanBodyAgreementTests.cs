using EdgeMer.Imaging;
using EdgeMer.Perception.Body;
using Xunit.Abstractions;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// The MoveNet MultiPose and BlazePose Lite stages against Human (@vladmandic/human 3.3.6) running the
/// same models (its <c>movenet-multipose</c> and <c>blazepose-lite</c> body models, BlazePose without
/// its detector as Human's default) in Node on the same decoded pixels: the standing, diner and
/// portrait photographs and the group frame composed of them. Human letterboxes and resizes the frame
/// with TensorFlow.js and EdgeMer with its own preprocessing, so the models see inputs that differ by
/// the resampling. MoveNet MultiPose's keypoints (those Human keeps, scored 0.3 or more) must lie within
/// <see cref="Tolerance"/> of EdgeMer's (measured: at most 2.7 px). BlazePose Lite reacts more to that
/// difference (measured: up to 3.7 px and 0.075 in score on points it is sure of, 5 px on a wrist it
/// scores 0.25): the points Human scores <see cref="SureScore"/> or more must lie within
/// <see cref="BlazePoseTolerance"/> and score within 0.1 of Human's. On the head-and-shoulders portrait
/// BlazePose guesses the legs the photograph does not show (knees and ankles at its lower edge, scored
/// 0.87 to 0.93) and the two preprocessings move those guesses by up to 8.2 px, so there only the upper
/// body (nose to hips) is compared; the legs, heels and toes are compared where they are seen.
/// </summary>
[Collection(BodyModelGroup.Name)]
public sealed class HumanBodyAgreementTests(BodyModelFixture fixture, ITestOutputHelper output)
{
    /// <summary>How far apart a keypoint may be, in pixels of the image (the group frame is 340x340).</summary>
    private const float Tolerance = 4f;

    /// <summary>BlazePose's tolerance in pixels, whole-pixel truncation included.</summary>
    private const float BlazePoseTolerance = 6f;

    /// <summary>The score from which a BlazePose point counts as one the model is sure of.</summary>
    private const float SureScore = 0.5f;

    private static readonly Lazy<List<(string Name, RgbImage Image)>> s_images = new(() =>
    [
        ("standing.jpg", FaceModelsFixture.Photo("standing.jpg")),
        ("diner.jpg", FaceModelsFixture.Photo("diner.jpg")),
        ("portrait-woman.jpg", FaceModelsFixture.Photo("portrait-woman.jpg")),
        ("group", SamplePoseModelTests.Group(0)),
    ]);

    private static readonly Lazy<Dictionary<string, List<HumanReference.Body>>> s_multiPose = new(() => HumanReference.RunBodies(s_images.Value, "movenet-multipose.json"));

    private static readonly Lazy<Dictionary<string, List<HumanReference.Body>>> s_blazePose = new(() => HumanReference.RunBodies(s_images.Value, "blazepose-lite.json"));

    public static TheoryData<string> Images => ["standing.jpg", "diner.jpg", "portrait-woman.jpg", "group"];

    [Theory]
    [MemberData(nameof(Images))]
    public void MultiPose_finds_the_people_Human_finds_with_their_keypoints_where_Human_puts_them(string name)
    {
        RgbImage image = s_images.Value.First(i => i.Name == name).Image;
        List<HumanReference.Body> human = s_multiPose.Value[name];
        using var estimator = new MultiPoseEstimator(fixture.MultiPose);
        BodyPeople people = estimator.CreateOutput();
        estimator.Run(new BodyFrame(image.View, TimeSpan.Zero, BodyCropRegion.Initial(image.Width, image.Height)), people);

        Assert.Equal(human.Count, people.Count);
        foreach (HumanReference.Body body in human)
        {
            // The person of ours nearest to Human's on the keypoints both have.
            BodyPose match = Enumerable.Range(0, people.Count).Select(people.Pose).MinBy(p => MeanDistance(body, p))!;
            int compared = 0;
            foreach ((string part, (float x, float y, float score)) in body.Keypoints)
            {
                // Human swaps a left/right pair whose left one lies further left in the image
                // (src/body/movenetfix.ts); the nearer of the pair is its counterpart.
                BodyKeypoint keypoint = Keypoint(part);
                float distance = MathF.Min(Distance(match[keypoint], x, y), Distance(match[Mirror(keypoint)], x, y));
                output.WriteLine($"{name}: {part} Human ({x:F1}, {y:F1}) {score:F2}, EdgeMer ({match[keypoint].X:F1}, {match[keypoint].Y:F1}) {match.ScoreOf(keypoint):F2}: {distance:F2} px");
                Assert.True(distance <= Tolerance, $"{name}: {part} is {distance:F1} px from Human's");
                compared++;
            }

            Assert.True(compared >= 5, $"{name}: Human reports only {compared} keypoints");
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void BlazePose_puts_the_keypoints_heels_and_toes_where_Human_puts_them(string name)
    {
        RgbImage image = s_images.Value.First(i => i.Name == name).Image;
        List<HumanReference.Body> human = s_blazePose.Value[name];
        using var estimator = new BlazePoseEstimator(fixture.BlazePose);
        BodyPose pose = estimator.CreateOutput();
        estimator.Run(new BodyFrame(image.View, TimeSpan.Zero, BodyCropRegion.Initial(image.Width, image.Height)), pose);

        // Human drops the pose when its flag is below its body.minConfidence (0.3).
        Assert.Equal(human.Count, estimator.LastPersonScore >= 0.3f ? 1 : 0);
        if (human.Count == 0)
        {
            return;
        }

        HumanReference.Body body = human[0];
        bool legsShown = name != "portrait-woman.jpg";
        foreach (BodyKeypoint keypoint in Enum.GetValues<BodyKeypoint>())
        {
            if (!legsShown && keypoint > BodyKeypoint.RightHip)
            {
                continue;
            }

            (float x, float y, float score) = body.Keypoints[PartName(keypoint)];
            AssertAgrees(name, PartName(keypoint), pose[keypoint], pose.ScoreOf(keypoint), x, y, score);
        }

        foreach ((BodyFootPoint point, string part) in (ReadOnlySpan<(BodyFootPoint, string)>)[(BodyFootPoint.LeftHeel, "leftHeel"), (BodyFootPoint.RightHeel, "rightHeel"), (BodyFootPoint.LeftToe, "leftFoot"), (BodyFootPoint.RightToe, "rightFoot")])
        {
            if (!legsShown)
            {
                break;
            }

            (float x, float y, float score) = body.Keypoints[part];
            AssertAgrees(name, part, pose[point], pose.ScoreOf(point), x, y, score);
        }
    }

    private void AssertAgrees(string name, string part, (float X, float Y) ours, float ourScore, float x, float y, float score)
    {
        // Human truncates positions to whole pixels and scores to hundredths.
        float distance = Distance(ours, x, y);
        output.WriteLine($"{name}: {part} Human ({x:F0}, {y:F0}) {score:F2}, EdgeMer ({ours.X:F1}, {ours.Y:F1}) {ourScore:F3}: {distance:F2} px");
        if (score >= SureScore)
        {
            Assert.True(distance <= BlazePoseTolerance, $"{name}: {part} is {distance:F1} px from Human's");
            Assert.True(MathF.Abs(ourScore - score) <= 0.1f, $"{name}: {part} scores {ourScore:F3}, Human {score:F2}");
        }
    }

    private static float MeanDistance(HumanReference.Body body, BodyPose pose) =>
        body.Keypoints.Average(k => Distance(pose[Keypoint(k.Key)], k.Value.X, k.Value.Y));

    private static float Distance((float X, float Y) a, float x, float y) => MathF.Sqrt(((a.X - x) * (a.X - x)) + ((a.Y - y) * (a.Y - y)));

    private static string PartName(BodyKeypoint keypoint)
    {
        string name = keypoint.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static BodyKeypoint Keypoint(string part) => Enum.Parse<BodyKeypoint>(part, ignoreCase: true);

    private static BodyKeypoint Mirror(BodyKeypoint keypoint) => keypoint switch
    {
        BodyKeypoint.Nose => BodyKeypoint.Nose,
        _ when ((int)keypoint % 2) == 1 => keypoint + 1,
        _ => keypoint - 1,
    };
}
