namespace EdgeMer.Inference;

/// <summary>How much ONNX Runtime rewrites the graph when it loads a model.</summary>
public enum GraphOptimizationLevel
{
    /// <summary>No rewriting.</summary>
    None = 0,

    /// <summary>Semantics-preserving rewrites such as constant folding and redundant node removal.</summary>
    Basic = 1,

    /// <summary>Basic plus fusions of common node patterns.</summary>
    Extended = 2,

    /// <summary>Everything, including layout optimisations (ONNX Runtime's default).</summary>
    All = 99,
}
