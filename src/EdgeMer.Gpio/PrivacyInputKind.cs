namespace EdgeMer.Gpio;

/// <summary>What is wired to the privacy input.</summary>
public enum PrivacyInputKind
{
    /// <summary>A latching switch: its on position pauses capture, its off position resumes it.</summary>
    Switch,

    /// <summary>A momentary push button: each press toggles between paused and capturing.</summary>
    Button,
}
