using System.Globalization;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Perception.Voice;

namespace EdgeMer.Quantization.Running;

/// <summary>
/// A voice activity model run as the voice pipeline runs it (<see cref="SileroVoiceActivityModel"/>:
/// frames of 512 new samples behind 64 of context, the recurrent state carried from call to call, a
/// fresh state per stream), for the variants built from it to be compared and timed.
/// </summary>
internal static class VoiceActivityRuns
{
    /// <summary>The speech probability of every whole frame of each stream.</summary>
    public static List<float[]> Probabilities(InferenceEnvironment environment, ModelDescription model, byte[] bytes, string name, IReadOnlyList<(string File, float[] Samples)> streams, InferenceSessionOptions options)
    {
        InferenceSession session = InferenceSession.Load(environment, bytes, $"{model.Id} {name}", options);
        using SileroVoiceActivityModel vad = SileroVoiceActivityModel.Create(model, session);
        var results = new List<float[]>(streams.Count);
        foreach ((_, float[] samples) in streams)
        {
            vad.Reset();
            var probabilities = new float[samples.Length / vad.FrameSamples];
            for (int f = 0; f < probabilities.Length; f++)
            {
                probabilities[f] = vad.Probability(samples.AsSpan(f * vad.FrameSamples, vad.FrameSamples));
            }

            results.Add(probabilities);
        }

        return results;
    }

    /// <summary>One call's inputs for timing and profiling: a frame from the middle of the stream behind its context, a zero state, 16 kHz.</summary>
    public static InputCase SpeechFrame(ModelDescription model, (string File, float[] Samples) stream)
    {
        ModelInput audio = model.InputFor(InputContent.Audio16k)
            ?? throw new InvalidOperationException($"model '{model.Id}' has no audio-16k input");
        ModelInput state = model.InputFor(InputContent.State)
            ?? throw new InvalidOperationException($"model '{model.Id}' has no state input");
        ModelInput rate = model.InputFor(InputContent.SampleRate)
            ?? throw new InvalidOperationException($"model '{model.Id}' has no sample-rate input");
        AudioFraming framing = audio.Framing
            ?? throw new InvalidOperationException($"model '{model.Id}': input '{audio.Name}' has no framing");
        int start = Math.Max(0, (stream.Samples.Length / 2) - framing.ContextSamples);
        float[] call = stream.Samples.AsSpan(start, framing.CallSamples).ToArray();
        long[] stateShape = new long[state.Shape.Count];
        long stateLength = 1;
        for (int i = 0; i < stateShape.Length; i++)
        {
            stateShape[i] = state.Shape[i].For(1);
            stateLength *= stateShape[i];
        }

        return new InputCase(
            string.Create(CultureInfo.InvariantCulture, $"frame at {start / 16000.0:0.00} s of {stream.File}"),
            [
                RawTensor.FromFloats(audio.Name, [1, framing.CallSamples], call),
                RawTensor.FromFloats(state.Name, stateShape, new float[stateLength]),
                RawTensor.FromInt64s(rate.Name, [], [EdgeMer.Capture.AudioChunk.SampleRate]),
            ]);
    }
}
