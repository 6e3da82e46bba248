namespace EdgeMer.Core;

/// <summary>The channels EdgeMer senses affect through.</summary>
public enum Modality
{
    Face = 0,
    Voice = 1,
    Body = 2,
}
