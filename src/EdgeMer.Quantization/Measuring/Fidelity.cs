using EdgeMer.Models.Catalog;

namespace EdgeMer.Quantization.Measuring;

/// <summary>
/// How close a quantized variant's outputs stay to the float model's on the same inputs, measured
/// the way each task uses them: top-1 agreement and KL divergence of the emotion distribution;
/// landmark error as a share of the input crop (face mesh, iris) or frame (body keypoints the
/// float model found); for the face
/// detector, recall of the float model's detections (anchors with score above 0.5) and the IoU of
/// their boxes. Targets: top-1 agreement at least 99 %, landmark error at most 1 % of the crop.
/// </summary>
public static class Fidelity
{
    public const double TopOneTarget = 99.0;

    public const double LandmarkTarget = 1.0;

    /// <summary>
    /// The figures for <paramref name="model"/>; <paramref name="reference"/> and <paramref name="candidate"/>
    /// hold, per held-out input, the outputs named <paramref name="outputs"/> in that order.
    /// </summary>
    public static IReadOnlyList<FidelityFigure> Measure(ModelDescription model, IReadOnlyList<string> outputs, IReadOnlyList<float[][]> reference, IReadOnlyList<float[][]> candidate)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (reference.Count != candidate.Count || reference.Count == 0)
        {
            throw new ArgumentException($"{reference.Count} reference and {candidate.Count} candidate results; fidelity needs the same, non-zero number");
        }

        (int height, int width, _) = model.Inputs[0].ImageSize;
        return model.Task switch
        {
            ModelTask.FaceEmotion => Emotion(reference, candidate),
            ModelTask.FaceLandmarks => Landmarks(outputs.IndexOf("landmarks"), 3, width, "face mesh landmark", reference, candidate),
            ModelTask.EyeLandmarks => Landmarks(0, 3, width, "eye and iris landmark", reference, candidate),
            ModelTask.BodyKeypoints => Keypoints(reference, candidate),
            ModelTask.FaceDetection => Detection(outputs, reference, candidate),
            _ => throw new InvalidOperationException($"model '{model.Id}' ({model.Task}): no fidelity measure for this task"),
        };
    }

    /// <summary>Top-1 agreement (%), mean and worst KL(float || int8) in nats, worst probability difference.</summary>
    internal static IReadOnlyList<FidelityFigure> Emotion(IReadOnlyList<float[][]> reference, IReadOnlyList<float[][]> candidate)
    {
        int agree = 0;
        double klSum = 0;
        double klWorst = 0;
        double worstDifference = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            float[] p = reference[i][0];
            float[] q = candidate[i][0];
            agree += ArgMax(p) == ArgMax(q) ? 1 : 0;
            double kl = 0;
            for (int k = 0; k < p.Length; k++)
            {
                if (p[k] > 0)
                {
                    kl += p[k] * Math.Log(p[k] / Math.Max(q[k], 1e-12));
                }

                worstDifference = Math.Max(worstDifference, Math.Abs(p[k] - q[k]));
            }

            klSum += kl;
            klWorst = Math.Max(klWorst, kl);
        }

        return
        [
            new FidelityFigure("top-1 agreement", 100.0 * agree / reference.Count, "%", TopOneTarget, AtLeast: true),
            new FidelityFigure("mean KL(fp32 || int8)", klSum / reference.Count, "nats", null, AtLeast: false),
            new FidelityFigure("worst KL(fp32 || int8)", klWorst, "nats", null, AtLeast: false),
            new FidelityFigure("worst probability difference", worstDifference, "", null, AtLeast: false),
        ];
    }

    /// <summary>Mean and worst (x, y) distance of the landmarks in <paramref name="output"/> (stride values each), as % of the crop's width.</summary>
    internal static IReadOnlyList<FidelityFigure> Landmarks(int output, int stride, int cropSize, string what, IReadOnlyList<float[][]> reference, IReadOnlyList<float[][]> candidate)
    {
        if (output < 0)
        {
            throw new InvalidOperationException($"no landmark output to compare for {what}s");
        }

        double sum = 0;
        double worstCaseMean = 0;
        double worstPoint = 0;
        long count = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            float[] a = reference[i][output];
            float[] b = candidate[i][output];
            double caseSum = 0;
            int points = a.Length / stride;
            for (int p = 0; p < points; p++)
            {
                double dx = a[p * stride] - b[p * stride];
                double dy = a[(p * stride) + 1] - b[(p * stride) + 1];
                double distance = Math.Sqrt((dx * dx) + (dy * dy)) / cropSize * 100.0;
                caseSum += distance;
                worstPoint = Math.Max(worstPoint, distance);
            }

            sum += caseSum;
            count += points;
            worstCaseMean = Math.Max(worstCaseMean, caseSum / points);
        }

        return
        [
            new FidelityFigure($"mean {what} error", sum / count, "% of crop", null, AtLeast: false),
            new FidelityFigure($"worst input's mean {what} error", worstCaseMean, "% of crop", LandmarkTarget, AtLeast: false),
            new FidelityFigure($"worst single {what} error", worstPoint, "% of crop", null, AtLeast: false),
        ];
    }

    /// <summary>The keypoint score from which MoveNet's keypoints count as found (the threshold its examples use).</summary>
    public const float KeypointScoreThreshold = 0.3f;

    /// <summary>
    /// MoveNet's keypoints are (y, x, score) in 0..1 of the input. Where the float model finds no
    /// body part (score below 0.3) its position is the arg-max of a flat heatmap and means nothing,
    /// so positions are compared at the keypoints the float model found: their error in % of the
    /// input, and how many of them the INT8 model still finds.
    /// </summary>
    internal static IReadOnlyList<FidelityFigure> Keypoints(IReadOnlyList<float[][]> reference, IReadOnlyList<float[][]> candidate)
    {
        int found = 0;
        int kept = 0;
        double sum = 0;
        double worst = 0;
        double worstScore = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            float[] a = reference[i][0];
            float[] b = candidate[i][0];
            for (int p = 0; p + 2 < a.Length; p += 3)
            {
                worstScore = Math.Max(worstScore, Math.Abs(a[p + 2] - b[p + 2]));
                if (a[p + 2] < KeypointScoreThreshold)
                {
                    continue;
                }

                found++;
                kept += b[p + 2] >= KeypointScoreThreshold ? 1 : 0;
                double dy = a[p] - b[p];
                double dx = a[p + 1] - b[p + 1];
                double error = Math.Sqrt((dx * dx) + (dy * dy)) * 100.0;
                sum += error;
                worst = Math.Max(worst, error);
            }
        }

        if (found == 0)
        {
            throw new InvalidOperationException("the float model found no keypoint (score >= 0.3) on the held-out inputs; keypoint fidelity cannot be measured");
        }

        return
        [
            new FidelityFigure("keypoints found by fp32 (score >= 0.3)", found, "", null, AtLeast: true),
            new FidelityFigure("of them still found by int8", 100.0 * kept / found, "%", TopOneTarget, AtLeast: true),
            new FidelityFigure("mean keypoint error", sum / found, "% of frame", LandmarkTarget, AtLeast: false),
            new FidelityFigure("worst keypoint error", worst, "% of frame", null, AtLeast: false),
            new FidelityFigure("worst keypoint score difference", worstScore, "", null, AtLeast: false),
        ];
    }

    /// <summary>
    /// Recall of the float model's detections (anchors whose score logit is above 0, i.e. above 0.5)
    /// among the quantized model's, the detections it adds, and the IoU of the boxes at those anchors
    /// (the boxes are offsets from the same anchor, so their IoU needs no anchor positions).
    /// </summary>
    internal static IReadOnlyList<FidelityFigure> Detection(IReadOnlyList<string> outputs, IReadOnlyList<float[][]> reference, IReadOnlyList<float[][]> candidate)
    {
        int detections = 0;
        int kept = 0;
        int added = 0;
        double iouSum = 0;
        double iouWorst = 1;
        for (int o = 0; o < outputs.Count; o++)
        {
            if (!outputs[o].StartsWith("scores_", StringComparison.Ordinal))
            {
                continue;
            }

            int boxes = outputs.IndexOf("boxes_" + outputs[o]["scores_".Length..]);
            if (boxes < 0)
            {
                throw new InvalidOperationException($"no boxes output beside '{outputs[o]}'");
            }

            for (int i = 0; i < reference.Count; i++)
            {
                float[] scoreA = reference[i][o];
                float[] scoreB = candidate[i][o];
                int stride = reference[i][boxes].Length / scoreA.Length;
                for (int anchor = 0; anchor < scoreA.Length; anchor++)
                {
                    bool inA = scoreA[anchor] > 0;
                    bool inB = scoreB[anchor] > 0;
                    added += !inA && inB ? 1 : 0;
                    if (!inA)
                    {
                        continue;
                    }

                    detections++;
                    if (inB)
                    {
                        kept++;
                    }

                    double iou = BoxIou(reference[i][boxes].AsSpan(anchor * stride, 4), candidate[i][boxes].AsSpan(anchor * stride, 4));
                    iouSum += iou;
                    iouWorst = Math.Min(iouWorst, iou);
                }
            }
        }

        if (detections == 0)
        {
            throw new InvalidOperationException("the float detector found no face on the held-out inputs; its recall cannot be measured");
        }

        return
        [
            new FidelityFigure("detection recall (anchors above 0.5)", 100.0 * kept / detections, "%", TopOneTarget, AtLeast: true),
            new FidelityFigure("detections added", added, $"anchors (of {detections} float detections)", null, AtLeast: false),
            new FidelityFigure("mean box IoU at detections", iouSum / detections, "", null, AtLeast: true),
            new FidelityFigure("worst box IoU at detections", iouWorst, "", null, AtLeast: true),
        ];
    }

    /// <summary>IoU of two boxes given as (centre x, centre y, width, height).</summary>
    internal static double BoxIou(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double left = Math.Max(a[0] - (a[2] / 2), b[0] - (b[2] / 2));
        double right = Math.Min(a[0] + (a[2] / 2), b[0] + (b[2] / 2));
        double top = Math.Max(a[1] - (a[3] / 2), b[1] - (b[3] / 2));
        double bottom = Math.Min(a[1] + (a[3] / 2), b[1] + (b[3] / 2));
        double intersection = Math.Max(0, right - left) * Math.Max(0, bottom - top);
        double union = (Math.Abs(a[2] * a[3]) + Math.Abs(b[2] * b[3])) - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
