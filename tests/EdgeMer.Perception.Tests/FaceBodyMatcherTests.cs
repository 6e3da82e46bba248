using EdgeMer.Imaging;
using EdgeMer.Perception.Body;
using EdgeMer.Perception.Face;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// A body gets the face track of the same person: the real face pipeline and MoveNet on the sample
/// photographs, one person and two side by side.
/// </summary>
[Collection(FaceModelsGroup.Name)]
public sealed class FaceBodyMatcherTests(FaceModelsFixture models) : IDisposable
{
    private readonly BodyModelFixture _body = new();

    public void Dispose() => _body.Dispose();

    [Theory]
    [InlineData("portrait-man.jpg")]
    [InlineData("portrait-woman.jpg")]
    [InlineData("diner.jpg")]
    public void The_body_in_a_photograph_gets_the_track_of_the_face_in_it(string photograph)
    {
        RgbImage photo = FaceModelsFixture.Photo(photograph);
        using FacePipeline faces = models.Pipeline();
        var matcher = new FaceBodyMatcher(4);

        FaceFrameResult result = faces.Process(photo.View, TimeSpan.Zero, 0);
        matcher.SetFaces(result);
        BodyPose pose = Pose(photo, ImageRegion.Whole(photo.Width, photo.Height), TimeSpan.Zero);

        Assert.Equal(1, result.Count);
        Assert.Equal(result[0].TrackId, matcher.Match(pose));
    }

    [Fact]
    public void Of_two_people_side_by_side_each_body_gets_the_face_on_its_own_side()
    {
        RgbImage left = FaceModelsFixture.Photo("portrait-man.jpg"), right = FaceModelsFixture.Photo("portrait-woman.jpg");
        RgbImage both = SideBySide(left, right);
        using FacePipeline faces = models.Pipeline();
        var matcher = new FaceBodyMatcher(4);

        FaceFrameResult result = faces.Process(both.View, TimeSpan.Zero, 0);
        matcher.SetFaces(result);
        Assert.Equal(2, result.Count);
        int leftFace = result[0].Box.CenterX < left.Width ? result[0].TrackId : result[1].TrackId;
        int rightFace = result[0].Box.CenterX < left.Width ? result[1].TrackId : result[0].TrackId;

        // The single-person pose model read on each person's half, as its crop from the previous frame would.
        BodyPose onLeft = Pose(both, ImageRegion.FromBox(0, 0, left.Width, both.Height), TimeSpan.Zero);
        BodyPose onRight = Pose(both, ImageRegion.FromBox(left.Width, 0, right.Width, both.Height), TimeSpan.Zero);

        Assert.Equal(leftFace, matcher.Match(onLeft));
        Assert.Equal(rightFace, matcher.Match(onRight));
    }

    [Fact]
    public void Faces_from_a_frame_too_far_from_the_body_frame_and_a_head_not_seen_match_nothing()
    {
        RgbImage photo = FaceModelsFixture.Photo("portrait-man.jpg");
        using FacePipeline faces = models.Pipeline();
        var matcher = new FaceBodyMatcher(4) { MaxFrameGap = TimeSpan.FromMilliseconds(300) };
        Assert.Null(matcher.Match(Pose(photo, ImageRegion.Whole(photo.Width, photo.Height), TimeSpan.Zero)));

        matcher.SetFaces(faces.Process(photo.View, TimeSpan.Zero, 0));
        BodyPose late = Pose(photo, ImageRegion.Whole(photo.Width, photo.Height), TimeSpan.FromMilliseconds(400));
        BodyPose turnedAway = Pose(photo, ImageRegion.Whole(photo.Width, photo.Height), TimeSpan.Zero);
        foreach (BodyKeypoint k in (BodyKeypoint[])[BodyKeypoint.Nose, BodyKeypoint.LeftEye, BodyKeypoint.RightEye, BodyKeypoint.LeftEar, BodyKeypoint.RightEar])
        {
            (float x, float y) = turnedAway[k];
            turnedAway.Set(k, x, y, 0.05f);
        }

        Assert.Null(matcher.Match(late));
        Assert.Null(matcher.Match(turnedAway));
        Assert.NotNull(matcher.Match(Pose(photo, ImageRegion.Whole(photo.Width, photo.Height), TimeSpan.FromMilliseconds(250))));
        matcher.Clear();
        Assert.Null(matcher.Match(Pose(photo, ImageRegion.Whole(photo.Width, photo.Height), TimeSpan.Zero)));
    }

    private BodyPose Pose(RgbImage image, ImageRegion region, TimeSpan captureTime)
    {
        using var estimator = new PoseEstimator(_body.Model);
        BodyPose pose = estimator.CreateOutput();
        estimator.Run(new BodyFrame(image.View, captureTime, region), pose);
        return pose;
    }

    private static RgbImage SideBySide(RgbImage left, RgbImage right)
    {
        var both = new RgbImage(left.Width + right.Width, Math.Max(left.Height, right.Height));
        both.Pixels.Fill(128);
        for (int y = 0; y < left.Height; y++)
        {
            left.Pixels.Slice(y * left.Width * 3, left.Width * 3).CopyTo(both.Pixels.Slice(y * both.Width * 3));
        }

        for (int y = 0; y < right.Height; y++)
        {
            right.Pixels.Slice(y * right.Width * 3, right.Width * 3).CopyTo(both.Pixels.Slice(((y * both.Width) + left.Width) * 3));
        }

        return both;
    }
}
