namespace EdgeMer.Models.Catalog;

/// <summary>How a built model is checked against its source.</summary>
public enum VerificationMethod
{
    /// <summary>Every output compared with TensorFlow.js running the original.</summary>
    Tfjs,

    /// <summary>Silero VAD's frame probabilities compared with @ricky0123/vad-web's own streaming of the published file.</summary>
    VadWeb,
}
