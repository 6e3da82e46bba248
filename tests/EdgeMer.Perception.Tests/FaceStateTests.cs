using EdgeMer.Perception.Face;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// The eye, mouth and head logic on scripted landmark sequences at 30 frames a second. The frames'
/// capture times are the clock, so every run is the same.
/// </summary>
public sealed class FaceStateTests
{
    private static readonly TimeSpan s_frame = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / 30);

    private readonly ScriptedFace _face = new();
    private readonly FaceStateTracker _tracker = new(new FaceStateOptions());
    private TimeSpan _time;

    [Fact]
    public void The_landmarks_measure_the_eyes_the_mouth_and_the_head_they_were_made_with()
    {
        _face.EyeRatio = 0.28f;
        _face.Mouth = 0.6f;
        ReadOnlySpan<float> facing = _face.Points();
        Assert.Equal(0.28f, FaceGeometry.EyeAspectRatio(facing, rightEye: true), 0.01f);
        Assert.Equal(0.28f, FaceGeometry.EyeAspectRatio(facing, rightEye: false), 0.01f);
        Assert.Equal(0.6f, FaceGeometry.MouthOpening(facing), 0.01f);
        Assert.Equal(new HeadPose(0, 0, 0), FaceGeometry.HeadPose(facing));

        _face.YawDegrees = 25;
        HeadPose turned = FaceGeometry.HeadPose(_face.Points());
        Assert.Equal(25f, Math.Abs(turned.YawDegrees), 1f);
        Assert.Equal(0f, turned.PitchDegrees, 1f);
        Assert.Equal(0f, turned.RollDegrees, 1f);

        _face.YawDegrees = 0;
        _face.PitchDegrees = -12;
        HeadPose nodding = FaceGeometry.HeadPose(_face.Points());
        Assert.Equal(12f, Math.Abs(nodding.PitchDegrees), 1f);
        Assert.Equal(0f, nodding.YawDegrees, 1f);
    }

    [Fact]
    public void A_short_closure_is_one_blink_and_a_long_one_is_eyes_closed_not_a_blink()
    {
        Hold(open: true, seconds: 2);
        Hold(open: false, seconds: 0.15);
        FaceStateReading afterBlink = Hold(open: true, seconds: 1);
        Assert.Equal(1, afterBlink.Blinks);
        Assert.False(afterBlink.EyesClosed);

        FaceStateReading closed = Hold(open: false, seconds: 1.5);
        Assert.True(closed.EyesClosed);
        Assert.Equal(1.5f, closed.EyesClosedSeconds, 0.05f);

        FaceStateReading reopened = Hold(open: true, seconds: 0.5);
        Assert.Equal(1, reopened.Blinks);
        Assert.Equal(0f, reopened.EyesClosedSeconds);
    }

    [Fact]
    public void Lids_that_flutter_around_the_threshold_do_not_make_blinks()
    {
        // Openness 0.15 (closed) then 0.3 (not yet past the reopening margin of 0.35), over and over.
        for (int i = 0; i < 60; i++)
        {
            Step(eyeRatio: i % 2 == 0 ? 0.1225f : 0.145f);
        }

        FaceStateReading reading = Hold(open: true, seconds: 0.1);
        Assert.Equal(0, reading.Blinks);
    }

    [Fact]
    public void Perclos_is_the_share_of_the_window_the_eyes_were_closed()
    {
        // 60 s window: 45 s open, then 15 s closed.
        Hold(open: true, seconds: 45);
        FaceStateReading reading = Hold(open: false, seconds: 15);
        Assert.Equal(0.25f, reading.Perclos, 0.01f);

        // Another 30 s open: the window now holds 15 s open, 15 s closed, 30 s open.
        reading = Hold(open: true, seconds: 30);
        Assert.Equal(0.25f, reading.Perclos, 0.01f);

        // And a minute later the closure has left the window.
        reading = Hold(open: true, seconds: 60);
        Assert.Equal(0f, reading.Perclos, 0.01f);
    }

    [Fact]
    public void Blinks_per_minute_count_the_blinks_in_the_window()
    {
        for (int i = 0; i < 12; i++)
        {
            Hold(open: true, seconds: 4.85);
            Hold(open: false, seconds: 0.15);
        }

        FaceStateReading reading = Hold(open: true, seconds: 0.1);
        Assert.Equal(12, reading.Blinks);
        Assert.Equal(12f, reading.BlinksPerMinute, 1f);
    }

    [Fact]
    public void A_mouth_held_wide_open_is_one_yawn_and_speech_is_none()
    {
        // Speech: the mouth opens wide for 0.3 s at a time, never long enough.
        for (int i = 0; i < 10; i++)
        {
            HoldMouth(0.6f, 0.3);
            HoldMouth(0.1f, 0.3);
        }

        Assert.Equal(0, HoldMouth(0.1f, 0.1).Yawns);

        FaceStateReading yawning = HoldMouth(0.8f, 3);
        Assert.True(yawning.Yawning);
        Assert.Equal(1, yawning.Yawns);
        FaceStateReading after = HoldMouth(0.05f, 1);
        Assert.False(after.Yawning);
        Assert.Equal(1, after.Yawns);
        // One yawn in the time watched so far (less than the minute's window).
        double watched = (_time - s_frame).TotalMinutes;
        Assert.Equal(1 / watched, after.YawnsPerMinute, 0.01);
    }

    [Fact]
    public void A_head_turned_away_counts_eyes_off_road_time_until_it_turns_back()
    {
        Hold(open: true, seconds: 1);
        _face.YawDegrees = 45;
        FaceStateReading away = Hold(open: true, seconds: 2.5);
        Assert.True(away.EyesOffRoad);
        Assert.Equal(2.5f, away.EyesOffRoadSeconds, 0.05f);

        _face.YawDegrees = 5;
        FaceStateReading back = Hold(open: true, seconds: 0.2);
        Assert.False(back.EyesOffRoad);
        Assert.Equal(0f, back.EyesOffRoadSeconds);

        _face.PitchDegrees = 35;
        Assert.True(Hold(open: true, seconds: 0.5).EyesOffRoad);
    }

    [Fact]
    public void A_clock_that_goes_back_starts_the_face_afresh()
    {
        Hold(open: true, seconds: 1);
        Hold(open: false, seconds: 0.1);
        Assert.Equal(1, Hold(open: true, seconds: 1).Blinks);

        _time = TimeSpan.Zero;
        Assert.Equal(0, Hold(open: true, seconds: 0.1).Blinks);
    }

    private FaceStateReading Hold(bool open, double seconds)
    {
        FaceStateReading reading = default;
        for (double t = 0; t < seconds - 1e-9; t += s_frame.TotalSeconds)
        {
            reading = Step(open ? 0.3f : 0.05f);
        }

        return reading;
    }

    private FaceStateReading HoldMouth(float mouth, double seconds)
    {
        _face.Mouth = mouth;
        return Hold(open: true, seconds);
    }

    private FaceStateReading Step(float eyeRatio)
    {
        _face.EyeRatio = eyeRatio;
        ReadOnlySpan<float> points = _face.Points();
        float openness = _tracker.Openness((FaceGeometry.EyeAspectRatio(points, rightEye: true) + FaceGeometry.EyeAspectRatio(points, rightEye: false)) / 2);
        FaceStateReading reading = _tracker.Update(_time, openness, FaceGeometry.MouthOpening(points), FaceGeometry.HeadPose(points));
        _time += s_frame;
        return reading;
    }
}
