namespace EdgeMer.Quantization.Reports;

/// <summary>The median time per call of one variant, timed with the others in one run, and its speed-up over fp32 (fp32 median / this median).</summary>
public sealed record LatencyResult(string Variant, double MedianMicroseconds, double SpeedUp);
