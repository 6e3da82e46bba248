namespace EdgeMer.Affect;

/// <summary>The channels EdgeMer senses affect through. Their names (<see cref="Modalities.Name"/>) are the camel-case member names.</summary>
public enum Modality
{
    Face = 0,
    Voice = 1,
    Body = 2,
}
