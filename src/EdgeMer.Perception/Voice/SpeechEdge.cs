namespace EdgeMer.Perception.Voice;

/// <summary>What one frame's speech probability did to the speech segmentation.</summary>
public enum SpeechEdge
{
    /// <summary>Nothing changed (silence went on, or speech went on).</summary>
    None,

    /// <summary>Speech started at this frame.</summary>
    Started,

    /// <summary>A segment ended (a long enough pause, or its longest length); it was long enough to count.</summary>
    Ended,

    /// <summary>Speech ended before it lasted long enough to count: it was a click, not a segment.</summary>
    Dropped,
}
