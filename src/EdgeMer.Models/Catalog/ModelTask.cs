namespace EdgeMer.Models.Catalog;

/// <summary>What a model does. Manifest names: <see cref="ModelDescription"/> parses them (<c>face-detection</c>, ...).</summary>
public enum ModelTask
{
    FaceDetection,
    FaceEmotion,
    FaceLandmarks,
    EyeLandmarks,
    BodyKeypoints,
    VoiceActivity,
    SpeechEmotion,
    GaitEmotion,
}
