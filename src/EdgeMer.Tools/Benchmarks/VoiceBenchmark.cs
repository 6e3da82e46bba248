using System.Diagnostics;
using System.Runtime.InteropServices;
using EdgeMer.Capture;
using EdgeMer.Inference;
using EdgeMer.Perception.Voice;
using EdgeMer.Platform;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>
/// The voice pipeline on one thread over a sound decoded before timing starts, fed in the chunks a
/// source delivers: processing time over sound time (the real-time factor), the streaming voice
/// activity detector's time over the ONNX Runtime time of the very runs it made, the analysis time per
/// speech segment, and managed bytes allocated per chunk over the timed passes.
/// </summary>
public sealed class VoiceBenchmark
{
    private readonly SileroVoiceActivityModel _vad;

    public VoiceBenchmark(SileroVoiceActivityModel vad)
    {
        ArgumentNullException.ThrowIfNull(vad);
        _vad = vad;
    }

    /// <summary>Decodes <paramref name="path"/> to 16 kHz mono floats with ffmpeg.</summary>
    public static float[] Decode(string path)
    {
        ReadOnlyMemory<byte> bytes = ExternalProgram.Run(
                "ffmpeg",
                ["-v", "error", "-nostdin", "-i", path, "-map", "0:a:0", "-ac", "1", "-ar", "16000", "-f", BitConverter.IsLittleEndian ? "f32le" : "f32be", "-"],
                TimeSpan.FromMinutes(5))
            .EnsureSuccess($"ffmpeg decoding {path}")
            .StandardOutputBytes;
        if (bytes.Length < sizeof(float) * AudioChunk.SampleRate / 10)
        {
            throw new InvalidOperationException($"{path} decoded to less than 0.1 s of sound");
        }

        return MemoryMarshal.Cast<byte, float>(bytes.Span).ToArray();
    }

    public VoiceBenchmarkReport Run(string name, float[] sound, int passes, int warmupPasses, int samplesPerChunk = 512, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(sound);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupPasses);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerChunk, 1);
        var counter = new SegmentCounter();
        var pipeline = new VoicePipeline(_vad, counter);
        long sequence = 0;
        long chunks = 0;

        // Each pass goes on from the last (the stream and the speaker's norm carry on), as a live source would.
        long Pass()
        {
            long start = Stopwatch.GetTimestamp();
            for (int at = 0; at < sound.Length; at += samplesPerChunk)
            {
                int length = Math.Min(samplesPerChunk, sound.Length - at);
                pipeline.Push(sound.AsSpan(at, length), TimeSpan.FromTicks(sequence * samplesPerChunk * TimeSpan.TicksPerSecond / AudioChunk.SampleRate), sequence);
                sequence++;
                chunks++;
            }

            return Stopwatch.GetTimestamp() - start;
        }

        progress?.Invoke($"warming up over {warmupPasses} passes");
        for (int i = 0; i < warmupPasses; i++)
        {
            Pass();
        }

        pipeline.ResetTiming();
        counter.Count = 0;
        chunks = 0;
        progress?.Invoke($"timing {passes} passes of {sound.Length / (double)AudioChunk.SampleRate:0.0} s");
        long ticks = 0;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < passes; i++)
        {
            ticks += Pass();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        double soundSeconds = sound.Length / (double)AudioChunk.SampleRate;
        double processing = ticks / (double)Stopwatch.Frequency;
        double vadMs = Ms(pipeline.Activity.Ticks), modelMs = Ms(_vad.ModelTicks);
        MachineInfo machine = MachineInfo.Read();
        return new VoiceBenchmarkReport(
            name,
            soundSeconds,
            passes,
            warmupPasses,
            samplesPerChunk,
            chunks,
            counter.Count,
            machine.CpuModel,
            machine.CpuFeatures,
            InferenceEnvironment.Current.Runtime.Version,
            processing,
            processing / (soundSeconds * passes),
            vadMs,
            modelMs,
            _vad.Calls,
            modelMs > 0 ? vadMs / modelMs : double.NaN,
            counter.Count > 0 ? Ms(pipeline.AnalysisTicks) / counter.Count : double.NaN,
            allocated / (double)chunks);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private sealed class SegmentCounter : IVoiceReadingHandler
    {
        public long Count { get; set; }

        public void OnReading(in VoiceReading reading) => Count++;
    }
}
