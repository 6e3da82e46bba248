namespace EdgeMer.Affect;

/// <summary>
/// The emotion labels every EdgeMer model maps onto and every summary reports. They are the seven
/// categories of FER2013 (Ekman's six basic emotions plus neutral), which the face, speech and gait
/// models' own labels are mapped to in their manifests.
/// </summary>
public enum EmotionLabel
{
    Angry = 0,
    Disgust = 1,
    Fear = 2,
    Happy = 3,
    Sad = 4,
    Surprise = 5,
    Neutral = 6,
}
