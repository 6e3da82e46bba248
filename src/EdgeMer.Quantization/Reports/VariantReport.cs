using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeMer.Quantization.Measuring;

namespace EdgeMer.Quantization.Reports;

/// <summary>
/// What the quantization and pruning reports have in common: the model and recipe, the machine the
/// run measured on, fp32's file, how the variants were timed and profiled, and the inputs used.
/// </summary>
public abstract record VariantReport
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public required string Model { get; init; }

    public required string Recipe { get; init; }

    public required string RecipeDescription { get; init; }

    public required DateTimeOffset Measured { get; init; }

    public required string Cpu { get; init; }

    /// <summary>The CPU features that decide ONNX Runtime's integer kernels (AVX2, AVX-512, VNNI; NEON, dot product).</summary>
    public required IReadOnlyList<string> InstructionSet { get; init; }

    public required int LogicalCores { get; init; }

    public required string OnnxRuntimeVersion { get; init; }

    public required long Fp32Bytes { get; init; }

    public required string Fp32Sha256 { get; init; }

    public required int TimedCalls { get; init; }

    /// <summary>The machine's load averages around the timing (a shared machine's other work moves the ratios).</summary>
    public required string LoadAverage { get; init; }

    public required int ProfiledRuns { get; init; }

    /// <summary>Where fp32 spends its time per run, by the operator ONNX Runtime ran (its profiler).</summary>
    public required IReadOnlyList<OperatorTime> Fp32Operators { get; init; }

    public required int CalibrationInputs { get; init; }

    public required int HeldOutInputs { get; init; }

    public required string HeldOutExample { get; init; }

    /// <summary>The report's opening: its title, the command that wrote it, the machine, and the recipe's description.</summary>
    private protected void AppendHeader(StringBuilder text, string title, string command)
    {
        text.AppendLine(F($"# {title} of `{Model}`"));
        text.AppendLine();
        text.AppendLine(F($"Written by `edgemer models {command} --recipe {Recipe}` on {Measured:yyyy-MM-dd HH:mm} UTC. Every figure below comes from that one run."));
        text.AppendLine();
        text.AppendLine(F($"Machine: {Cpu}, {LogicalCores} logical cores; instruction set: {string.Join(", ", InstructionSet)}. ONNX Runtime {OnnxRuntimeVersion}, CPU provider, one intra-op thread, all graph optimisations."));
        text.AppendLine();
        text.AppendLine("## Recipe");
        text.AppendLine();
        text.AppendLine(RecipeDescription);
        text.AppendLine();
    }

    /// <summary>The profile table's rows: one per operator fp32 or the variant ran, in the order they first appear, with each side's nodes and µs per run.</summary>
    private protected void AppendOperatorRows(StringBuilder text, IReadOnlyList<OperatorTime> variantOperators)
    {
        foreach (string op in Fp32Operators.Select(o => o.Operator).Union(variantOperators.Select(o => o.Operator)))
        {
            OperatorTime? a = Fp32Operators.FirstOrDefault(o => o.Operator == op);
            OperatorTime? b = variantOperators.FirstOrDefault(o => o.Operator == op);
            text.AppendLine(F($"| {op} | {a?.Nodes ?? 0} | {a?.MicrosecondsPerRun ?? 0:0.0} | {b?.Nodes ?? 0} | {b?.MicrosecondsPerRun ?? 0:0.0} |"));
        }
    }

    /// <summary>The JSON report's <c>measured</c> time and <c>machine</c> object.</summary>
    private protected void WriteMachine(Utf8JsonWriter json)
    {
        json.WriteString("measured", Measured.ToString("O", s_invariant));
        json.WriteStartObject("machine");
        json.WriteString("cpu", Cpu);
        json.WriteNumber("logicalCores", LogicalCores);
        json.WriteStartArray("instructionSet");
        foreach (string feature in InstructionSet)
        {
            json.WriteStringValue(feature);
        }

        json.WriteEndArray();
        json.WriteString("onnxRuntime", OnnxRuntimeVersion);
        json.WriteEndObject();
    }

    private protected static string F(FormattableString text) => text.ToString(s_invariant);
}
