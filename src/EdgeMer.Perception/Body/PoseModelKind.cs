namespace EdgeMer.Perception.Body;

/// <summary>What a catalogued pose model sees and gives, which decides how its output is read.</summary>
public enum PoseModelKind
{
    /// <summary>MoveNet SinglePose: one person's 17 COCO keypoints; read through the crop the previous frame chose.</summary>
    SinglePose,

    /// <summary>MoveNet MultiPose: up to six people, each a box and 17 COCO keypoints, on the whole frame.</summary>
    MultiPose,

    /// <summary>BlazePose: one person's 33 keypoints (COCO's 17 among them, heels and toes besides) on the whole frame.</summary>
    BlazePose,
}
