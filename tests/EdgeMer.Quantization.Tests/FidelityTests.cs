using EdgeMer.Quantization.Measuring;

namespace EdgeMer.Quantization.Tests;

/// <summary>The fidelity figures on outputs whose agreement is worked out by hand.</summary>
public sealed class FidelityTests
{
    [Fact]
    public void Emotion_fidelity_counts_top_one_agreement_and_the_divergence()
    {
        float[][][] reference = [[[0.7f, 0.2f, 0.1f]], [[0.4f, 0.5f, 0.1f]]];
        float[][][] candidate = [[[0.6f, 0.3f, 0.1f]], [[0.5f, 0.4f, 0.1f]]];

        IReadOnlyList<FidelityFigure> figures = Fidelity.Emotion(reference, candidate);

        // The second input's top-1 flips: 1 of 2 agree.
        Assert.Equal(50.0, figures[0].Value);
        Assert.False(figures[0].Met);
        double first = (0.7 * Math.Log(0.7 / 0.6)) + (0.2 * Math.Log(0.2 / 0.3));
        double second = (0.4 * Math.Log(0.4 / 0.5)) + (0.5 * Math.Log(0.5 / 0.4));
        Assert.Equal((first + second) / 2, figures[1].Value, 5);
    }

    [Fact]
    public void Landmark_error_is_a_share_of_the_crop()
    {
        // One landmark (x, y, z) moved by (3, 4) pixels in a 100-pixel crop: 5 %; the other unmoved.
        float[][][] reference = [[[10f, 10f, 0f, 50f, 50f, 0f]]];
        float[][][] candidate = [[[13f, 14f, 9f, 50f, 50f, 0f]]];

        IReadOnlyList<FidelityFigure> figures = Fidelity.Landmarks(0, 3, 100, "landmark", reference, candidate);

        Assert.Equal(2.5, figures[0].Value, 6);
        Assert.Equal(2.5, figures[1].Value, 6);
        Assert.False(figures[1].Met);
        Assert.Equal(5.0, figures[2].Value, 6);
    }

    [Fact]
    public void Keypoints_are_compared_only_where_the_float_model_found_them()
    {
        // (y, x, score): the first keypoint found (0.9) and moved by 0.006 in y and 0.008 in x (1 %);
        // the second not found (0.1), so its large move does not count.
        float[][][] reference = [[[0.5f, 0.5f, 0.9f, 0.2f, 0.2f, 0.1f]]];
        float[][][] candidate = [[[0.506f, 0.508f, 0.8f, 0.9f, 0.9f, 0.1f]]];

        IReadOnlyList<FidelityFigure> figures = Fidelity.Keypoints(reference, candidate);

        Assert.Equal(1, figures[0].Value);
        Assert.Equal(100.0, figures[1].Value);
        Assert.Equal(1.0, figures[2].Value, 4);
    }

    [Fact]
    public void Box_iou_of_half_overlapping_boxes_is_one_third()
    {
        // Two 2x2 boxes whose centres are 1 apart in x: intersection 2, union 6.
        Assert.Equal(1.0 / 3, Fidelity.BoxIou([0f, 0f, 2f, 2f], [1f, 0f, 2f, 2f]), 6);
        Assert.Equal(1.0, Fidelity.BoxIou([3f, 4f, 2f, 6f], [3f, 4f, 2f, 6f]), 6);
    }

    [Fact]
    public void Detection_recall_counts_the_float_models_detections_the_int8_model_keeps()
    {
        string[] outputs = ["scores_2", "boxes_2"];
        // Two anchors, 4 box values each (stride from the sizes): anchor 0 detected by both, anchor 1
        // only by fp32; nothing added.
        float[][][] reference = [[[2f, 1f], [0f, 0f, 10f, 10f, 0f, 0f, 10f, 10f]]];
        float[][][] candidate = [[[1.5f, -0.5f], [0f, 0f, 10f, 10f, 0f, 0f, 10f, 10f]]];

        IReadOnlyList<FidelityFigure> figures = Fidelity.Detection(outputs, reference, candidate);

        Assert.Equal(50.0, figures[0].Value);
        Assert.Equal(0, figures[1].Value);
        Assert.Equal(1.0, figures[2].Value, 6);
    }
}
