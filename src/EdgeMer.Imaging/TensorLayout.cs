namespace EdgeMer.Imaging;

/// <summary>How a model's image input orders its dimensions (the manifest's <c>layout</c>).</summary>
public enum TensorLayout
{
    /// <summary>Batch, height, width, channels: channels interleaved per pixel (TensorFlow's order).</summary>
    Nhwc,

    /// <summary>Batch, channels, height, width: one plane per channel (PyTorch's order).</summary>
    Nchw,
}
