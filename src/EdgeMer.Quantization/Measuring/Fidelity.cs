using EdgeMer.Models.Catalog;

namespace EdgeMer.Quantization.Measuring;

/// <summary>
/// How close a quantized variant's outputs stay to the float model's on the same inputs, measured
/// the way each task uses them: top-1 agreement and KL divergence of the emotion distribution;
/// landmark error as a share of the input crop (face mesh, iris) or frame (body keypoints the
/// float model found, for MoveNet MultiPose at the people it found, matched by box); for the face
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
            ModelTask.BodyKeypoints when outputs.IndexOf("people") >= 0 => People(outputs.IndexOf("people"), reference, candidate),
            ModelTask.BodyKeypoints when outputs.IndexOf("pose_flag") >= 0 => BlazePose(outputs.IndexOf("landmarks"), outputs.IndexOf("pose_flag"), width, reference, candidate),
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

    /// <summary>MoveNet MultiPose's values per person: 17 keypoints (y, x, score), the box (ymin, xmin, ymax, xmax), the person's score.</summary>
    private const int PersonValues = 56;

    /// <summary>
    /// MoveNet MultiPose: the people the float model found (score at least 0.3, as the pipeline keeps
    /// them), how many of them the INT8 model still finds (a person of its own with score at least 0.3
    /// whose box overlaps by IoU 0.5 or more; the best overlap is its match, as the order of people
    /// may differ), the people it adds, and at the matched people the keypoint figures of
    /// <see cref="Keypoints"/> in % of the frame.
    /// </summary>
    internal static IReadOnlyList<FidelityFigure> People(int output, IReadOnlyList<float[][]> reference, IReadOnlyList<float[][]> candidate)
    {
        int people = 0;
        int matched = 0;
        int added = 0;
        int found = 0;
        int kept = 0;
        double sum = 0;
        double worst = 0;
        Span<float> boxA = stackalloc float[4];
        Span<float> boxB = stackalloc float[4];
        for (int i = 0; i < reference.Count; i++)
        {
            float[] a = reference[i][output];
            float[] b = candidate[i][output];
            int slots = a.Length / PersonValues;
            var taken = new bool[slots];
            for (int p = 0; p < slots; p++)
            {
                ReadOnlySpan<float> personA = a.AsSpan(p * PersonValues, PersonValues);
                if (personA[55] < KeypointScoreThreshold)
                {
                    continue;
                }

                people++;
                PersonBox(personA, boxA);
                int best = -1;
                double bestIou = 0.5;
                for (int q = 0; q < slots; q++)
                {
                    ReadOnlySpan<float> personB = b.AsSpan(q * PersonValues, PersonValues);
                    if (taken[q] || personB[55] < KeypointScoreThreshold)
                    {
                        continue;
                    }

                    PersonBox(personB, boxB);
                    double iou = BoxIou(boxA, boxB);
                    if (iou >= bestIou)
                    {
                        best = q;
                        bestIou = iou;
                    }
                }

                if (best < 0)
                {
                    continue;
                }

                taken[best] = true;
                matched++;
                ReadOnlySpan<float> match = b.AsSpan(best * PersonValues, PersonValues);
                for (int k = 0; k < 17 * 3; k += 3)
                {
                    if (personA[k + 2] < KeypointScoreThreshold)
                    {
                        continue;
                    }

                    found++;
                    kept += match[k + 2] >= KeypointScoreThreshold ? 1 : 0;
                    double dy = personA[k] - match[k];
                    double dx = personA[k + 1] - match[k + 1];
                    double error = Math.Sqrt((dx * dx) + (dy * dy)) * 100.0;
                    sum += error;
                    worst = Math.Max(worst, error);
                }
            }

            for (int q = 0; q < slots; q++)
            {
                added += !taken[q] && b[(q * PersonValues) + 55] >= KeypointScoreThreshold ? 1 : 0;
            }
        }

        if (people == 0)
        {
            throw new InvalidOperationException("the float model found no person (score >= 0.3) on the held-out inputs; person agreement cannot be measured");
        }

        return
        [
            new FidelityFigure("people found by fp32 (score >= 0.3)", people, "", null, AtLeast: true),
            new FidelityFigure("of them still found by int8 (box IoU >= 0.5)", 100.0 * matched / people, "%", TopOneTarget, AtLeast: true),
            new FidelityFigure("people added", added, "", null, AtLeast: false),
            new FidelityFigure("keypoints found by fp32 at the matched people", found, "", null, AtLeast: true),
            new FidelityFigure("of them still found by int8", found == 0 ? 0 : 100.0 * kept / found, "%", TopOneTarget, AtLeast: true),
            new FidelityFigure("mean keypoint error", found == 0 ? 0 : sum / found, "% of frame", LandmarkTarget, AtLeast: false),
            new FidelityFigure("worst keypoint error", worst, "% of frame", null, AtLeast: false),
        ];
    }

    /// <summary>BlazePose's values per landmark: x, y, z, visibility logit, presence logit.</summary>
    private const int BlazePoseValues = 5;

    /// <summary>BlazePose's own keypoints (0..32); 33..38 are auxiliary points the pipeline does not use.</summary>
    private const int BlazePoseKeypoints = 33;

    /// <summary>
    /// BlazePose: agreement on whether the input holds a person (pose flag at least 0.5), and at the
    /// keypoints the float model found there (score sigmoid(visibility) x sigmoid(presence) x flag
    /// at least 0.3, as the pipeline scores them) how many the INT8 model still finds and their
    /// error in % of the input's width.
    /// </summary>
    internal static IReadOnlyList<FidelityFigure> BlazePose(int landmarks, int flag, int inputSize, IReadOnlyList<float[][]> reference, IReadOnlyList<float[][]> candidate)
    {
        if (landmarks < 0)
        {
            throw new InvalidOperationException("no landmarks output beside BlazePose's pose_flag");
        }

        int persons = 0;
        int flagAgree = 0;
        int found = 0;
        int kept = 0;
        double sum = 0;
        double worst = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            float personA = reference[i][flag][0];
            float personB = candidate[i][flag][0];
            flagAgree += (personA >= 0.5f) == (personB >= 0.5f) ? 1 : 0;
            if (personA < 0.5f)
            {
                continue;
            }

            persons++;
            float[] a = reference[i][landmarks];
            float[] b = candidate[i][landmarks];
            for (int k = 0; k < BlazePoseKeypoints; k++)
            {
                int at = k * BlazePoseValues;
                if (PoseScore(a, at, personA) < KeypointScoreThreshold)
                {
                    continue;
                }

                found++;
                kept += PoseScore(b, at, personB) >= KeypointScoreThreshold ? 1 : 0;
                double dx = a[at] - b[at];
                double dy = a[at + 1] - b[at + 1];
                double error = Math.Sqrt((dx * dx) + (dy * dy)) / inputSize * 100.0;
                sum += error;
                worst = Math.Max(worst, error);
            }
        }

        if (found == 0)
        {
            throw new InvalidOperationException("the float model found no person with a keypoint (score >= 0.3) on the held-out inputs; keypoint fidelity cannot be measured");
        }

        return
        [
            new FidelityFigure("person flag agreement (>= 0.5)", 100.0 * flagAgree / reference.Count, "%", TopOneTarget, AtLeast: true),
            new FidelityFigure("inputs with a person by fp32", persons, "", null, AtLeast: true),
            new FidelityFigure("keypoints found by fp32 (score >= 0.3)", found, "", null, AtLeast: true),
            new FidelityFigure("of them still found by int8", 100.0 * kept / found, "%", TopOneTarget, AtLeast: true),
            new FidelityFigure("mean keypoint error", sum / found, "% of frame", LandmarkTarget, AtLeast: false),
            new FidelityFigure("worst keypoint error", worst, "% of frame", null, AtLeast: false),
        ];
    }

    private static float PoseScore(float[] values, int at, float person) => Sigmoid(values[at + 3]) * Sigmoid(values[at + 4]) * person;

    private static float Sigmoid(float logit) => 1f / (1f + MathF.Exp(-logit));

    /// <summary>A MultiPose person's box (ymin, xmin, ymax, xmax at values 51..54) as (centre x, centre y, width, height).</summary>
    private static void PersonBox(ReadOnlySpan<float> person, Span<float> box)
    {
        box[0] = (person[52] + person[54]) / 2;
        box[1] = (person[51] + person[53]) / 2;
        box[2] = person[54] - person[52];
        box[3] = person[53] - person[51];
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
