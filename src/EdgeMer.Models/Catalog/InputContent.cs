namespace EdgeMer.Models.Catalog;

/// <summary>What is fed into a model input.</summary>
public enum InputContent
{
    /// <summary>A face cut out of a frame (and aligned, where the pipeline aligns it).</summary>
    FaceCrop,

    /// <summary>A whole camera frame.</summary>
    Frame,

    /// <summary>16 kHz mono audio samples in -1..1 (see <see cref="ModelInput.Framing"/>).</summary>
    Audio16k,

    /// <summary>A recurrent state carried from one call to the next.</summary>
    State,

    /// <summary>The sample rate as a scalar.</summary>
    SampleRate,
}
