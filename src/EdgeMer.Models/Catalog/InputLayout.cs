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

    /// <summary>Joint sequences: batch, channels, time, joints (vertices), persons, as ST-GCN lays them out.</summary>
    Nctvm,

    /// <summary>Neither (recurrent state, scalars).</summary>
    None,
}
