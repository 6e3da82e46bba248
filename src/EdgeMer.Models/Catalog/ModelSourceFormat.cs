namespace EdgeMer.Models.Catalog;

/// <summary>The form a model is published in.</summary>
public enum ModelSourceFormat
{
    /// <summary>A TensorFlow.js graph model (<c>model.json</c> and weight shards), converted by EdgeMer's importer.</summary>
    TfjsGraph,

    /// <summary>An ONNX file, used as it is.</summary>
    Onnx,
}
