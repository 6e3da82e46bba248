using EdgeMer.Affect;
using EdgeMer.Perception.Voice;
using Xunit.Abstractions;

namespace EdgeMer.Perception.Tests;

/// <summary>The voice pipeline from sound to observations: voice activity, prosody and the speech affect heuristic in one stream.</summary>
[Collection(VoiceModelsGroup.Name)]
public sealed class VoicePipelineTests(VoiceModelsFixture models, ITestOutputHelper output)
{
    [Fact]
    public void Each_utterance_becomes_one_voice_observation_over_its_segment_marked_as_the_heuristic()
    {
        float[] signal = TestAudio.Join(
            TestAudio.Silence(1),
            TestAudio.Trim(TestAudio.Speech("Maybe we can all meet near the river tomorrow morning.", "en")),
            TestAudio.Silence(1.5),
            TestAudio.Trim(TestAudio.Speech("We will have to leave the house before nine tomorrow.", "en", pitch: 80, wordsPerMinute: 230, amplitude: 190)),
            TestAudio.Silence(1));
        var readings = new Readings();
        using SileroVoiceActivityModel vad = models.Vad();
        var pipeline = new VoicePipeline(vad, readings);

        for (int at = 0, sequence = 0; at < signal.Length; at += 512, sequence++)
        {
            pipeline.Push(signal.AsSpan(at, Math.Min(512, signal.Length - at)), TimeSpan.FromSeconds(at / (double)TestAudio.Rate), sequence);
        }

        pipeline.Flush();

        Assert.Equal(2, readings.All.Count);
        foreach (VoiceReading reading in readings.All)
        {
            output.WriteLine($"{reading.Segment.Start.TotalSeconds:0.00}-{reading.Segment.End.TotalSeconds:0.00} s: F0 {reading.Prosody.F0MeanHz:0} Hz, {reading.Prosody.IntensityDb:0.0} dB, {reading.Prosody.SyllableRate:0.0}/s, arousal {reading.Affect.Affect.Arousal:0.00}, quality {reading.Observation.Quality:0.00}");
            Observation observation = reading.Observation;
            Assert.Equal(Modality.Voice, observation.Modality);
            Assert.Equal(reading.Segment.Window, observation.Window);
            Assert.Equal(VoiceAffectSource.Heuristic, reading.Source);
            Assert.Null(observation.Emotions);
            Assert.Equal(reading.Affect.Affect, observation.Affect);
            Assert.Equal(reading.Affect.Quality, observation.Quality);
            Assert.InRange(observation.Quality, 0.1f, 1f);
            Assert.True(observation.States.Speaking > 0.5f);
            Assert.Null(observation.TrackId);
        }

        Assert.Equal(0, readings.All[0].Affect.BaselineSegments);
        Assert.Equal(1, readings.All[1].Affect.BaselineSegments);
        Assert.True(readings.All[1].Affect.Affect.Arousal > readings.All[0].Affect.Affect.Arousal, "the loud, fast, high second sentence does not read more aroused than the first");
        Assert.Equal(2, pipeline.Baseline.Segments);
    }

    [Fact]
    public void In_steady_state_the_pipeline_allocates_nothing_per_chunk_in_silence_or_in_speech()
    {
        float[] utterance = TestAudio.Join(TestAudio.Silence(0.7), TestAudio.Trim(TestAudio.Speech("Nobody knew where the yellow van was going.", "en")), TestAudio.Silence(0.7));
        var counter = new Counter();
        using SileroVoiceActivityModel vad = models.Vad();
        var pipeline = new VoicePipeline(vad, counter);
        long sequence = 0;
        int chunksPerPass = utterance.Length / 512;
        long[] bytes = new long[8 * chunksPerPass];
        // Three passes warm up (the runtime's first calls of a method, its tiering); the other five are measured, chunk by chunk.
        for (int i = 0; i < bytes.Length; i++)
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            pipeline.Push(utterance.AsSpan(i % chunksPerPass * 512, 512), TimeSpan.FromTicks(sequence * 320_000), sequence);
            bytes[i] = GC.GetAllocatedBytesForCurrentThread() - start;
            sequence++;
        }

        long allocated = bytes[(3 * chunksPerPass)..].Sum();
        output.WriteLine($"{allocated} bytes over {5 * chunksPerPass} chunks and 5 segments");
        Assert.Equal(8, counter.Count);
        Assert.True(allocated == 0, $"allocated per chunk: {string.Join(", ", bytes.Select((b, i) => (b, i)).Where(x => x.b != 0).Select(x => $"chunk {x.i}: {x.b}"))}");
    }

    private sealed class Counter : IVoiceReadingHandler
    {
        public int Count { get; private set; }

        public void OnReading(in VoiceReading reading) => Count++;
    }

    private sealed class Readings : IVoiceReadingHandler
    {
        public List<VoiceReading> All { get; } = [];

        public void OnReading(in VoiceReading reading) => All.Add(reading);
    }
}
