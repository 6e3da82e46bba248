namespace EdgeMer.Perception.Body;

/// <summary>What a track's body is doing over the gait window.</summary>
public enum BodyActivity
{
    /// <summary>Too few joints seen, or too short a window, to tell.</summary>
    Unknown = 0,
    Standing = 1,
    Walking = 2,
    Sitting = 3,
}
