namespace EdgeMer.Perception.Face;

/// <summary>
/// Head rotation in degrees, from the landmarks: yaw (turning; positive towards the image's right as
/// Human signs it), pitch (nodding; positive chin down) and roll (tilting; positive the image's
/// clockwise as Human signs it). Zero faces the camera upright.
/// </summary>
public readonly record struct HeadPose(float YawDegrees, float PitchDegrees, float RollDegrees);
