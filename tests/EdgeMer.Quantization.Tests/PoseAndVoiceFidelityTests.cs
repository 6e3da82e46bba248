using EdgeMer.Quantization.Measuring;

namespace EdgeMer.Quantization.Tests;

/// <summary>The MultiPose, BlazePose and voice activity fidelity figures on outputs whose agreement is worked out by hand.</summary>
public sealed class PoseAndVoiceFidelityTests
{
    [Fact]
    public void MultiPose_people_are_matched_by_box_whatever_their_order_and_compared_at_their_keypoints()
    {
        // fp32 finds two people (scores 0.9 and 0.8) and leaves a third slot empty; INT8 lists the same
        // two in the other order, the first one's nose moved by (0.03, 0.04) of the frame (5 %) and its
        // left eye lost, and adds a person elsewhere.
        float[] fp32 = [.. Person(0.1f, 0.1f, 0.5f, 0.4f, 0.9f), .. Person(0.5f, 0.5f, 0.9f, 0.8f, 0.8f), .. Person(0, 0, 0, 0, 0.1f)];
        float[] moved = Person(0.1f, 0.1f, 0.5f, 0.4f, 0.9f);
        moved[0] += 0.03f;
        moved[1] += 0.04f;
        moved[5] = 0.1f;
        float[] int8 = [.. Person(0.5f, 0.5f, 0.9f, 0.8f, 0.7f), .. moved, .. Person(0.0f, 0.6f, 0.3f, 0.9f, 0.5f)];

        IReadOnlyList<FidelityFigure> figures = Fidelity.People(0, [[fp32]], [[int8]]);

        Assert.Equal(2, Figure(figures, "people found by fp32 (score >= 0.3)"));
        Assert.Equal(100.0, Figure(figures, "of them still found by int8 (box IoU >= 0.5)"));
        Assert.Equal(1, Figure(figures, "people added"));
        Assert.Equal(34, Figure(figures, "keypoints found by fp32 at the matched people"));
        Assert.Equal(100.0 * 33 / 34, Figure(figures, "of them still found by int8"), 6);
        Assert.Equal(5.0 / 34, Figure(figures, "mean keypoint error"), 4);
        Assert.Equal(5.0, Figure(figures, "worst keypoint error"), 4);
    }

    [Fact]
    public void BlazePose_keypoints_count_where_fp32_sees_a_person_and_scores_them_as_the_pipeline_does()
    {
        // Two inputs: on the first fp32 sees a person (flag 0.9) and INT8 too; on the second neither
        // does (0.2 and 0.3). Keypoint 0 (logits 3, 3: 0.953 x 0.953 x 0.9 = 0.82) is found and moved by
        // (6, 8) pixels of 256, 3.9 %; keypoint 1 (logits -3, 3: 0.04) is not found by fp32.
        float[] fp32 = Landmarks((0, 100f, 100f, 3f, 3f), (1, 50f, 50f, -3f, 3f));
        float[] int8 = Landmarks((0, 106f, 108f, 3f, 3f), (1, 90f, 90f, -3f, 3f));

        IReadOnlyList<FidelityFigure> figures = Fidelity.BlazePose(0, 1, 256, [[fp32, [0.9f]], [fp32, [0.2f]]], [[int8, [0.9f]], [int8, [0.3f]]]);

        Assert.Equal(100.0, Figure(figures, "person flag agreement (>= 0.5)"));
        Assert.Equal(1, Figure(figures, "inputs with a person by fp32"));
        Assert.Equal(1, Figure(figures, "keypoints found by fp32 (score >= 0.3)"));
        Assert.Equal(100.0, Figure(figures, "of them still found by int8"));
        Assert.Equal(10.0 / 256 * 100, Figure(figures, "mean keypoint error"), 4);
    }

    [Fact]
    public void Voice_activity_agreement_counts_frames_on_either_side_of_one_half()
    {
        // Five frames over two streams; the fourth crosses 0.5 (0.6 -> 0.45): 4 of 5 agree, 2 of 3 speech frames stay speech.
        float[][] fp32 = [[0.9f, 0.1f, 0.6f], [0.7f, 0.2f]];
        float[][] int8 = [[0.88f, 0.12f, 0.45f], [0.7f, 0.2f]];

        IReadOnlyList<FidelityFigure> figures = VoiceActivityFidelity.Measure(fp32, int8);

        Assert.Equal(5, Figure(figures, "frames"));
        Assert.Equal(3, Figure(figures, "speech frames by fp32 (p >= 0.5)"));
        Assert.Equal(80.0, Figure(figures, "speech/non-speech agreement"), 6);
        Assert.False(figures.Single(f => f.Name == "speech/non-speech agreement").Met);
        Assert.Equal(100.0 * 2 / 3, Figure(figures, "fp32 speech frames still speech"), 6);
        Assert.Equal((0.02 + 0.02 + 0.15) / 5, Figure(figures, "mean probability error"), 5);
        Assert.Equal(0.15, Figure(figures, "worst probability error"), 5);
    }

    [Fact]
    public void Voice_activity_fidelity_needs_a_speech_frame()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => VoiceActivityFidelity.Measure([[0.1f, 0.2f]], [[0.1f, 0.2f]]));

        Assert.Contains("marked no frame as speech", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A MultiPose person: 17 keypoints at the box's top-left corner with score 0.9, the box (ymin, xmin, ymax, xmax), the person's score.</summary>
    private static float[] Person(float ymin, float xmin, float ymax, float xmax, float score)
    {
        var values = new float[56];
        for (int k = 0; k < 17; k++)
        {
            values[3 * k] = ymin;
            values[(3 * k) + 1] = xmin;
            values[(3 * k) + 2] = 0.9f;
        }

        values[51] = ymin;
        values[52] = xmin;
        values[53] = ymax;
        values[54] = xmax;
        values[55] = score;
        return values;
    }

    /// <summary>BlazePose's 39 landmarks of 5 values, zero but for the ones given (x, y, visibility and presence logits).</summary>
    private static float[] Landmarks(params (int Index, float X, float Y, float Visibility, float Presence)[] points)
    {
        var values = new float[39 * 5];
        for (int k = 0; k < 39; k++)
        {
            values[(k * 5) + 3] = -10f;
            values[(k * 5) + 4] = -10f;
        }

        foreach ((int index, float x, float y, float visibility, float presence) in points)
        {
            values[index * 5] = x;
            values[(index * 5) + 1] = y;
            values[(index * 5) + 3] = visibility;
            values[(index * 5) + 4] = presence;
        }

        return values;
    }

    private static double Figure(IReadOnlyList<FidelityFigure> figures, string name) => figures.Single(f => f.Name == name).Value;
}
