namespace EdgeMer.Models.Catalog;

/// <summary>How a model input's dimensions are ordered.</summary>
public enum InputLayout
{
    /// <summary>Images: batch, height, width, channels.</summary>
    Nhwc,

    /// <summary>Images: batch, channels, height, width.</summary>
    Nchw,

    /// <summary>Audio: batch, samples.</summary>
    Nt,

    /// <summary>Neither (recurrent state, scalars).</summary>
    None,
}
