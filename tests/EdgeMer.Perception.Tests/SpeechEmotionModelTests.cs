using System.Globalization;
using EdgeMer.Affect;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Onnx;
using EdgeMer.Perception.Voice;
using EdgeMer.Platform;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// A speech-emotion model plugged in through its manifest: tiny models built here with EdgeMer.Onnx
/// (a linear layer over the mean log-mel frame, or over the window's energy), checked against the same
/// arithmetic done by hand on the same sound.
/// </summary>
[Collection(VoiceModelsGroup.Name)]
public sealed class SpeechEmotionModelTests(VoiceModelsFixture models) : IDisposable
{
    private const int Frames = 50, MelBins = 16;
    private const double Scale = 0.1, Offset = 0.5;

    private static readonly string[] s_labels = ["calm", "tense", "low"];

    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-ser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_log_mel_model_reads_the_middle_of_the_segment_through_EdgeMers_front_end_and_its_manifests_mapping()
    {
        float[] weights = LogMelWeights();
        using SpeechEmotionModel model = Plug("ser-logmel", LogMelModel(weights), LogMelInput);
        float[] segment = TestAudio.Trim(TestAudio.Speech("Nobody knew where the yellow van was going.", "en"));

        (EmotionDistribution emotions, ValenceArousal? affect) = model.Classify(segment);

        // By hand: the middle window, its log-mel, normalised, averaged over frames, the linear layer, softmax.
        int window = LogMelSpectrogram.SamplesFor(Frames);
        float[] middle = segment.AsSpan((segment.Length - window) / 2, window).ToArray();
        var logMel = new float[Frames * MelBins];
        new LogMelSpectrogram(MelBins).Compute(middle, Frames, logMel);
        double[] mean = new double[MelBins];
        for (int i = 0; i < logMel.Length; i++)
        {
            mean[i % MelBins] += ((logMel[i] * Scale) + Offset) / Frames;
        }

        double[] p = Softmax(Linear(mean, weights, s_labels.Length));
        Assert.Equal(p[0], emotions[EmotionLabel.Neutral], 4);
        Assert.Equal(p[1], emotions[EmotionLabel.Angry], 4);
        Assert.Equal(p[2], emotions[EmotionLabel.Sad], 4);
        ValenceArousal expected = new((float)((p[1] * -0.6) + (p[2] * -0.7)), (float)((p[1] * 0.7) + (p[2] * -0.4)));
        Assert.NotNull(affect);
        Assert.Equal(expected.Valence, affect.Value.Valence, 4);
        Assert.Equal(expected.Arousal, affect.Value.Arousal, 4);
    }

    [Fact]
    public void A_log_mel_model_tells_a_bright_sound_from_a_dull_one_as_its_weights_say()
    {
        using SpeechEmotionModel model = Plug("ser-logmel", LogMelModel(LogMelWeights()), LogMelInput);

        EmotionDistribution bright = model.Classify(SyntheticVoice.Harmonic(400, 1.0)).Emotions;
        EmotionDistribution dull = model.Classify(SyntheticVoice.Sine(150, 1.0, 0.3)).Emotions;

        Assert.Equal(EmotionLabel.Angry, bright.Dominant);
        Assert.Equal(EmotionLabel.Neutral, dull.Dominant);
    }

    [Fact]
    public void A_waveform_model_takes_a_short_segment_centred_in_silence()
    {
        const int window = 16_000;
        using SpeechEmotionModel model = Plug("ser-wave", WaveformModel(window), WaveformInput(window));
        float[] shortSegment = SyntheticVoice.Sine(200, 0.25, 0.4);
        float[] padded = new float[window];
        shortSegment.CopyTo(padded, (window - shortSegment.Length) / 2);

        EmotionDistribution fromShort = model.Classify(shortSegment).Emotions;
        EmotionDistribution fromPadded = model.Classify(padded).Emotions;
        EmotionDistribution loud = model.Classify(SyntheticVoice.Sine(200, 1.0, 0.9)).Emotions;

        Assert.Equal(fromPadded.AsSpan().ToArray(), fromShort.AsSpan().ToArray());
        // Energy of the window: 0.25 s of a 0.4 sine in 1 s, and a whole second of a 0.9 one.
        double quiet = 0.4 * 0.4 / 2 * 0.25, strong = 0.9 * 0.9 / 2;
        Assert.Equal(Softmax([0, 8 * quiet, 0])[1], fromShort[EmotionLabel.Angry], 3);
        Assert.Equal(Softmax([0, 8 * strong, 0])[1], loud[EmotionLabel.Angry], 3);
    }

    [Fact]
    public void With_a_model_plugged_in_the_pipelines_observations_carry_its_distribution_and_say_so()
    {
        using SpeechEmotionModel model = Plug("ser-logmel", LogMelModel(LogMelWeights()), LogMelInput);
        using SileroVoiceActivityModel vad = models.Vad();
        var readings = new List<VoiceReading>();
        var pipeline = new VoicePipeline(vad, new Collect(readings), emotionModel: model);
        float[] signal = TestAudio.Join(TestAudio.Silence(1), TestAudio.Trim(TestAudio.Speech("Our lunch was ready long before anyone arrived.", "en")), TestAudio.Silence(1));

        pipeline.Push(signal, TimeSpan.Zero, 0);
        pipeline.Flush();

        VoiceReading reading = Assert.Single(readings);
        Assert.Equal(VoiceAffectSource.Model, reading.Source);
        EmotionDistribution emotions = Assert.NotNull(reading.Observation.Emotions);
        Assert.Equal(model.Description.ExpectedAffect(emotions), reading.Observation.Affect);
    }

    [Fact]
    public void With_a_model_plugged_in_the_pipeline_still_allocates_nothing_per_chunk_in_steady_state()
    {
        using SpeechEmotionModel model = Plug("ser-logmel", LogMelModel(LogMelWeights()), LogMelInput);
        using SileroVoiceActivityModel vad = models.Vad();
        var readings = new List<VoiceReading>(16);
        var pipeline = new VoicePipeline(vad, new Collect(readings), emotionModel: model);
        float[] utterance = TestAudio.Join(TestAudio.Silence(0.7), TestAudio.Trim(TestAudio.Speech("Nobody knew where the yellow van was going.", "en")), TestAudio.Silence(0.7));
        long sequence = 0;
        void Play()
        {
            for (int at = 0; at + 512 <= utterance.Length; at += 512, sequence++)
            {
                pipeline.Push(utterance.AsSpan(at, 512), TimeSpan.FromTicks(sequence * 320_000), sequence);
            }
        }

        Play();
        Play();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Play();
        Play();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(4, readings.Count);
        Assert.All(readings, r => Assert.Equal(VoiceAffectSource.Model, r.Source));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_manifest_that_is_not_a_speech_emotion_model_is_refused_by_field()
    {
        ModelManifestException e = Assert.Throws<ModelManifestException>(() => Plug("ser-face", LogMelModel(LogMelWeights()), LogMelInput, task: "face-emotion"));

        Assert.Contains("speech-emotion", e.Message, StringComparison.Ordinal);
    }

    private static string LogMelInput =>
        $$"""{ "name": "log_mel", "shape": ["batch", {{Frames}}, {{MelBins}}], "layout": "NT", "dtype": "float32", "colorOrder": "none", "content": "log-mel-16k", "normalization": { "scale": {{Scale.ToString(CultureInfo.InvariantCulture)}}, "offset": {{Offset.ToString(CultureInfo.InvariantCulture)}}, "description": "EdgeMer's log-mel, times 0.1, plus 0.5" } }""";

    private static string WaveformInput(int window) =>
        $$"""{ "name": "waveform", "shape": ["batch", {{window}}], "layout": "NT", "dtype": "float32", "colorOrder": "none", "content": "audio-16k", "framing": { "frameSamples": {{window}}, "contextSamples": 0 }, "normalization": { "scale": 1, "offset": 0, "description": "16 kHz samples as they are" } }""";

    /// <summary>Calm from the lower mel bins, tense from the upper ones, low from neither.</summary>
    private static float[] LogMelWeights()
    {
        var weights = new float[MelBins * s_labels.Length];
        for (int m = 0; m < MelBins; m++)
        {
            weights[(m * s_labels.Length) + 0] = m < 5 ? 0.6f : 0f;
            weights[(m * s_labels.Length) + 1] = m >= 10 ? 0.6f : 0f;
        }

        return weights;
    }

    /// <summary>log_mel [1, F, M] -> mean over frames -> MatMul [M, 3] -> softmax.</summary>
    private static byte[] LogMelModel(float[] weights)
    {
        var model = new OnnxModel("ser-logmel");
        model.Graph.AddInput("log_mel", TensorElementType.Float, [1, Frames, MelBins]);
        model.Graph.AddOutput("probabilities", TensorElementType.Float, [1, s_labels.Length]);
        model.Graph.AddInitializer(OnnxTensors.FromFloats("w", weights, [MelBins, s_labels.Length]));
        model.Graph.AddNode("ReduceMean", ["log_mel"], ["mean"], attributes: [OnnxAttributes.Ints("axes", 1), OnnxAttributes.Int("keepdims", 0)]);
        model.Graph.AddNode("MatMul", ["mean", "w"], ["logits"]);
        model.Graph.AddNode("Softmax", ["logits"], ["probabilities"], attributes: [OnnxAttributes.Int("axis", -1)]);
        model.Validate();
        return model.ToBytes();
    }

    /// <summary>waveform [1, N] -> mean of squares -> times [0, 8, 0] -> softmax: louder windows lean tense.</summary>
    private static byte[] WaveformModel(int window)
    {
        var model = new OnnxModel("ser-wave");
        model.Graph.AddInput("waveform", TensorElementType.Float, [1, window]);
        model.Graph.AddOutput("probabilities", TensorElementType.Float, [1, s_labels.Length]);
        model.Graph.AddInitializer(OnnxTensors.FromFloats("w", [0f, 8f, 0f], [1, s_labels.Length]));
        model.Graph.AddNode("Mul", ["waveform", "waveform"], ["squares"]);
        model.Graph.AddNode("ReduceMean", ["squares"], ["energy"], attributes: [OnnxAttributes.Ints("axes", 1), OnnxAttributes.Int("keepdims", 1)]);
        model.Graph.AddNode("MatMul", ["energy", "w"], ["logits"]);
        model.Graph.AddNode("Softmax", ["logits"], ["probabilities"], attributes: [OnnxAttributes.Int("axis", -1)]);
        model.Validate();
        return model.ToBytes();
    }

    /// <summary>Writes the model's manifest (and the licence text it names) and plugs the model in.</summary>
    private SpeechEmotionModel Plug(string id, byte[] onnx, string input, string task = "speech-emotion")
    {
        ModelDescription description = PluggedManifest.Write(_dir, id, onnx, "A tiny speech-emotion model built by the test", task, "voice", "tiny-ser", input);
        return SpeechEmotionModel.Create(description, InferenceSession.Load(models.Environment, onnx, id, new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 }));
    }

    private static double[] Linear(double[] x, float[] weights, int outputs)
    {
        var y = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                y[o] += x[i] * weights[(i * outputs) + o];
            }
        }

        return y;
    }

    private static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        double[] e = [.. logits.Select(l => Math.Exp(l - max))];
        double sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }

    private sealed class Collect(List<VoiceReading> readings) : IVoiceReadingHandler
    {
        public void OnReading(in VoiceReading reading) => readings.Add(reading);
    }
}
