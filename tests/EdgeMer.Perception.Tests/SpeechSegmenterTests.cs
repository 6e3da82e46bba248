using EdgeMer.Perception.Voice;

namespace EdgeMer.Perception.Tests;

/// <summary>The hysteresis that turns speech probabilities into segments, on scripted probabilities (32 ms frames).</summary>
public sealed class SpeechSegmenterTests
{
    private static readonly TimeSpan s_frame = TimeSpan.FromMilliseconds(32);

    [Fact]
    public void Probabilities_between_the_thresholds_do_not_start_speech_but_keep_it_going()
    {
        var segmenter = new SpeechSegmenter(new VoiceActivityOptions());
        List<SpeechSegment> segments = Run(segmenter, [.. Repeat(0.4f, 20), 0.9f, .. Repeat(0.4f, 20), .. Repeat(0.05f, 20)]);

        SpeechSegment segment = Assert.Single(segments);
        Assert.Equal(20 * s_frame, segment.Start);
        Assert.Equal(41 * s_frame, segment.End);
        Assert.False(segment.Cut);
    }

    [Fact]
    public void A_pause_shorter_than_the_minimum_silence_stays_inside_the_segment()
    {
        var segmenter = new SpeechSegmenter(new VoiceActivityOptions { MinSilence = TimeSpan.FromMilliseconds(300) });
        List<SpeechSegment> segments = Run(segmenter, [.. Repeat(0.9f, 10), .. Repeat(0.1f, 9), .. Repeat(0.9f, 10), .. Repeat(0.1f, 10)]);

        SpeechSegment segment = Assert.Single(segments);
        Assert.Equal(TimeSpan.Zero, segment.Start);
        Assert.Equal(29 * s_frame, segment.End);
    }

    [Fact]
    public void A_pause_as_long_as_the_minimum_silence_splits_speech_in_two()
    {
        var segmenter = new SpeechSegmenter(new VoiceActivityOptions { MinSilence = TimeSpan.FromMilliseconds(300) });
        List<SpeechSegment> segments = Run(segmenter, [.. Repeat(0.9f, 10), .. Repeat(0.1f, 10), .. Repeat(0.9f, 10), .. Repeat(0.1f, 10)]);

        Assert.Equal(2, segments.Count);
        Assert.Equal(10 * s_frame, segments[0].End);
        Assert.Equal(20 * s_frame, segments[1].Start);
    }

    [Fact]
    public void Speech_shorter_than_the_minimum_is_dropped()
    {
        var segmenter = new SpeechSegmenter(new VoiceActivityOptions { MinSpeech = TimeSpan.FromMilliseconds(250) });
        var edges = new List<SpeechEdge>();
        for (int i = 0; i < 30; i++)
        {
            edges.Add(segmenter.Push(i is >= 5 and < 12 ? 0.9f : 0.1f, i * s_frame, (i + 1) * s_frame, out _));
        }

        Assert.Contains(SpeechEdge.Started, edges);
        Assert.Contains(SpeechEdge.Dropped, edges);
        Assert.DoesNotContain(SpeechEdge.Ended, edges);
    }

    [Fact]
    public void Speech_longer_than_the_maximum_is_cut_and_goes_on()
    {
        var segmenter = new SpeechSegmenter(new VoiceActivityOptions { MaxSpeech = TimeSpan.FromSeconds(2) });
        List<SpeechSegment> segments = Run(segmenter, [.. Repeat(0.9f, 100), .. Repeat(0.1f, 20)]);

        Assert.Equal(2, segments.Count);
        Assert.True(segments[0].Cut);
        Assert.InRange(segments[0].Duration, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2) + s_frame);
        Assert.Equal(segments[0].End, segments[1].Start);
        Assert.Equal(100 * s_frame, segments[1].End);
        Assert.False(segments[1].Cut);
    }

    [Fact]
    public void Options_out_of_range_are_refused_by_name()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new SpeechSegmenter(new VoiceActivityOptions { StartThreshold = 0.3f, StopThreshold = 0.5f }));
        Assert.Contains("StopThreshold", e.Message, StringComparison.Ordinal);
    }

    private static List<SpeechSegment> Run(SpeechSegmenter segmenter, float[] probabilities)
    {
        var segments = new List<SpeechSegment>();
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (segmenter.Push(probabilities[i], i * s_frame, (i + 1) * s_frame, out SpeechSegment segment) == SpeechEdge.Ended)
            {
                segments.Add(segment);
            }
        }

        if (segmenter.Flush(out SpeechEdge edge, out SpeechSegment last) && edge == SpeechEdge.Ended)
        {
            segments.Add(last);
        }

        return segments;
    }

    private static float[] Repeat(float value, int count) => Enumerable.Repeat(value, count).ToArray();
}
