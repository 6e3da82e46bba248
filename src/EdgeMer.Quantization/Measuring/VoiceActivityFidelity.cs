namespace EdgeMer.Quantization.Measuring;

/// <summary>
/// How close a voice activity model's quantized variant stays to the float one on the same streams
/// (each run from a fresh state, its recurrent state carried from frame to frame as the pipeline
/// carries it): agreement on which frames hold speech (probability at or above 0.5, the speech
/// segmenter's start threshold), how many of fp32's speech frames stay speech, and the error of the
/// probability itself. Target: agreement at least 99 %.
/// </summary>
public static class VoiceActivityFidelity
{
    /// <summary>The probability from which a frame counts as speech (<c>VoiceActivityOptions.StartThreshold</c>'s default).</summary>
    public const float SpeechThreshold = 0.5f;

    /// <summary>The figures for per-frame probabilities, one array per stream, fp32's in <paramref name="reference"/>.</summary>
    public static IReadOnlyList<FidelityFigure> Measure(IReadOnlyList<float[]> reference, IReadOnlyList<float[]> candidate)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        if (reference.Count != candidate.Count || reference.Count == 0)
        {
            throw new ArgumentException($"{reference.Count} reference and {candidate.Count} candidate streams; fidelity needs the same, non-zero number");
        }

        int frames = 0;
        int agree = 0;
        int speech = 0;
        int kept = 0;
        double sum = 0;
        double worst = 0;
        for (int s = 0; s < reference.Count; s++)
        {
            float[] a = reference[s];
            float[] b = candidate[s];
            if (a.Length != b.Length)
            {
                throw new ArgumentException($"stream {s}: {a.Length} reference and {b.Length} candidate frames");
            }

            for (int f = 0; f < a.Length; f++)
            {
                bool speechA = a[f] >= SpeechThreshold;
                bool speechB = b[f] >= SpeechThreshold;
                frames++;
                agree += speechA == speechB ? 1 : 0;
                speech += speechA ? 1 : 0;
                kept += speechA && speechB ? 1 : 0;
                double error = Math.Abs(a[f] - b[f]);
                sum += error;
                worst = Math.Max(worst, error);
            }
        }

        if (speech == 0)
        {
            throw new InvalidOperationException("the float model marked no frame as speech on the held-out audio; speech agreement cannot be measured");
        }

        return
        [
            new FidelityFigure("frames", frames, "", null, AtLeast: true),
            new FidelityFigure("speech frames by fp32 (p >= 0.5)", speech, "", null, AtLeast: true),
            new FidelityFigure("speech/non-speech agreement", 100.0 * agree / frames, "%", Fidelity.TopOneTarget, AtLeast: true),
            new FidelityFigure("fp32 speech frames still speech", 100.0 * kept / speech, "%", null, AtLeast: true),
            new FidelityFigure("mean probability error", sum / frames, "", null, AtLeast: false),
            new FidelityFigure("worst probability error", worst, "", null, AtLeast: false),
        ];
    }
}
