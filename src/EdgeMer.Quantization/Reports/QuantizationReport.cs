using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Recipes;

namespace EdgeMer.Quantization.Reports;

/// <summary>What <c>edgemer models quantize</c> did for one model, written as quantization/reports/&lt;model&gt;.md and .json.</summary>
public sealed partial record QuantizationReport : VariantReport
{
    /// <summary>Static (QDQ, calibrated activation ranges) or dynamic (activations quantized at run time).</summary>
    public QuantizationMode Mode { get; init; } = QuantizationMode.Static;

    /// <summary>The variant written to the store (the recipe's calibrator, with its keepFloat rules).</summary>
    public required VariantResult Chosen { get; init; }

    /// <summary>Every variant built in the run, the chosen one first.</summary>
    public required IReadOnlyList<VariantResult> Variants { get; init; }

    public required IReadOnlyList<LatencyResult> Latency { get; init; }

    /// <summary>Where the INT8 variant spends its time per run.</summary>
    public required IReadOnlyList<OperatorTime> Int8Operators { get; init; }

    public required IReadOnlyList<QuantizedNode> Quantized { get; init; }

    public required IReadOnlyList<FloatNode> KeptFloat { get; init; }

    public required int Activations { get; init; }

    public required string CalibrationExample { get; init; }

    /// <summary>The speed-up the recipe's variant must reach: 2 where the CPU has VNNI (AVX-512 VNNI or AVX-VNNI), else 1.2.</summary>
    public double SpeedTarget => HasVnni ? 2.0 : 1.2;

    public bool HasVnni
    {
        get
        {
            foreach (string feature in InstructionSet)
            {
                if (feature.Contains("vnni", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public double SpeedUp => Latency[1].SpeedUp;

    public double SizeRatio => (double)Fp32Bytes / Chosen.Bytes;
}
