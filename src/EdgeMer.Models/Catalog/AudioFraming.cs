namespace EdgeMer.Models.Catalog;

/// <summary>
/// How a streamed audio input is framed: each call takes <see cref="FrameSamples"/> new samples behind
/// the last <see cref="ContextSamples"/> samples of the previous frame (zeros before the first).
/// </summary>
/// <param name="FrameSamples">New samples per call (Silero VAD v5: 512, 32 ms at 16 kHz).</param>
/// <param name="ContextSamples">Samples of the previous frame repeated in front of the new ones (Silero VAD v5: 64).</param>
public readonly record struct AudioFraming(int FrameSamples, int ContextSamples)
{
    /// <summary>Samples per call: the new ones and the context.</summary>
    public int CallSamples => FrameSamples + ContextSamples;
}
