namespace EdgeMer.Messaging.Control;

/// <summary>The control socket's schema identifiers and commands.</summary>
public static class ControlSchemas
{
    public const string Request = "edgemer.control/1";

    public const string Reply = "edgemer.control-reply/1";
}
