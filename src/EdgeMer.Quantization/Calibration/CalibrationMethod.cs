namespace EdgeMer.Quantization.Calibration;

/// <summary>How an activation's quantization range is chosen from what calibration observed.</summary>
public enum CalibrationMethod
{
    /// <summary>The whole observed range: nothing clips, but one outlier stretches every step.</summary>
    MinMax,

    /// <summary>The range that holds the recipe's percentile of the magnitudes; the rare larger ones clip.</summary>
    Percentile,

    /// <summary>The clipping threshold whose quantized histogram loses the least information (Kullback-Leibler divergence).</summary>
    Entropy,
}
