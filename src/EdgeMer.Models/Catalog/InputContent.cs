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

    /// <summary>
    /// A log-mel spectrogram of 16 kHz mono audio, [batch, frames, mel bins], computed by EdgeMer's
    /// front end (<c>EdgeMer.Perception.Voice.LogMelSpectrogram</c>: 25 ms Hann frames every 10 ms,
    /// 512-point FFT, HTK mel filters from 0 to 8 kHz, natural log), then normalised.
    /// </summary>
    LogMel16k,

    /// <summary>
    /// A track's recent poses as joint sequences, [batch, channels, time, 17 COCO joints, persons]:
    /// channels x and y relative to the hips' middle in body heights (y down), and, when there are three,
    /// each joint's confidence; an unseen joint is all zeros (<c>EdgeMer.Perception.Body.GaitEmotionModel</c>).
    /// </summary>
    JointsCoco17,

    /// <summary>A recurrent state carried from one call to the next.</summary>
    State,

    /// <summary>The sample rate as a scalar.</summary>
    SampleRate,
}
