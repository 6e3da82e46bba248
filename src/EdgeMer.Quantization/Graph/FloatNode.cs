namespace EdgeMer.Quantization.Graph;

/// <summary>A node of a quantizable operator that the recipe keeps in float, and why.</summary>
public sealed record FloatNode(string Name, string Kind, string Reason);
