namespace EdgeMer.Perception.Body;

/// <summary>The foot points a pose model may give beyond COCO's 17 (BlazePose's 29 to 32): heels and toes (foot index).</summary>
public enum BodyFootPoint
{
    LeftHeel = 0,
    RightHeel = 1,
    LeftToe = 2,
    RightToe = 3,
}
