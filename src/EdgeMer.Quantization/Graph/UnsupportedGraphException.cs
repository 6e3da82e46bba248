namespace EdgeMer.Quantization.Graph;

/// <summary>A node the quantizer was asked to quantize but cannot: the message names the node and the reason.</summary>
public sealed class UnsupportedGraphException : Exception
{
    public UnsupportedGraphException(string message)
        : base(message)
    {
    }
}
