using EdgeMer.Affect;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// A stretch of speech the voice activity detector found: when it started and ended on the capture
/// clock, how sure the model was on average, and whether it ended because the speaker paused
/// (<see cref="Cut"/> false) or because it reached the longest segment analysed at once.
/// </summary>
public readonly record struct SpeechSegment(CaptureWindow Window, float MeanProbability, bool Cut)
{
    public TimeSpan Start => Window.Start;

    public TimeSpan End => Window.End;

    public TimeSpan Duration => Window.Duration;
}
