using System.Text;
using System.Text.Json;
using EdgeMer.Quantization.Calibration;
using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Recipes;

namespace EdgeMer.Quantization.Reports;

public sealed partial record QuantizationReport
{
    /// <summary>The targets this variant misses, each with what was measured; empty when it meets them all.</summary>
    public IReadOnlyList<string> MissedTargets()
    {
        var missed = new List<string>();
        if (SpeedUp < SpeedTarget)
        {
            string slowest = string.Join(", ", Int8Operators.Take(3).Select(o => F($"{o.Operator} {o.MicrosecondsPerRun:0} µs")));
            string fp32Slowest = string.Join(", ", Fp32Operators.Take(3).Select(o => F($"{o.Operator} {o.MicrosecondsPerRun:0} µs")));
            missed.Add(F($"speed: the INT8 variant ran {SpeedUp:0.00}x as fast as fp32; the target is {SpeedTarget:0.0}x{(HasVnni ? " (this CPU has VNNI)" : "")}. Per profiled run the INT8 variant spent most in {slowest} (total {Int8Operators.Sum(o => o.MicrosecondsPerRun):0} µs), fp32 in {fp32Slowest} (total {Fp32Operators.Sum(o => o.MicrosecondsPerRun):0} µs)"));
        }

        if (SpeedUp < 1.0)
        {
            missed.Add(F($"never slower: the INT8 variant is slower than fp32 ({SpeedUp:0.00}x)"));
        }

        foreach (FidelityFigure figure in Chosen.Fidelity)
        {
            if (!figure.Met)
            {
                missed.Add(F($"fidelity: {figure.Name} is {figure.Value:0.###} {figure.Unit}; the target is {(figure.AtLeast ? "at least" : "at most")} {figure.Target:0.###}"));
            }
        }

        if (SizeRatio < 3.5)
        {
            missed.Add(F($"size: the INT8 file is {SizeRatio:0.00}x smaller than fp32; the target is about 4x. Of its {Chosen.Bytes:N0} B, {Chosen.Composition.Int8Weights:N0} B are INT8 weights, {Chosen.Composition.FloatValues:N0} B float values (weights of nodes kept float, per-channel scales), {Chosen.Composition.OtherValues:N0} B other constants (INT32 biases, zero points) and {Chosen.Composition.Structure:N0} B the graph itself (nodes and the names of tensors, long in converted models)"));
        }

        return missed;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        AppendHeader(text, "INT8 quantization", "quantize");
        text.AppendLine(Mode == QuantizationMode.Dynamic
            ? F($"- quantized to INT8 (dynamic): {Quantized.Count} nodes ({Counts(Quantized)}): weights per output channel, symmetric INT8; each node's input quantized at run time by DynamicQuantizeLinear (UINT8, scale and zero point from that call's own range), the integer kernel's INT32 result rescaled to float, bias added in float")
            : F($"- quantized to INT8: {Quantized.Count} nodes ({Counts(Quantized)}), {Folded()} of them with the following ReLU/Clip folded into a zero-point-0 UINT8 output; {Activations} activation tensors quantized per tensor (UINT8); weights per output channel, symmetric INT8; biases INT32"));
        text.AppendLine(F($"- kept float: {KeptFloat.Count} nodes"));
        foreach (IGrouping<string, FloatNode> group in KeptFloat.GroupBy(node => node.Reason))
        {
            text.AppendLine(F($"  - {group.Count()} ({string.Join(", ", group.GroupBy(n => n.Kind).Select(g => $"{g.Count()} {g.Key}"))}): {group.Key}"));
        }

        text.AppendLine(Mode == QuantizationMode.Dynamic
            ? F($"- calibration: {CalibrationExample}")
            : F($"- calibration: {CalibrationMethods.Name(Chosen.Method)} on {CalibrationInputs} real inputs (for example: {CalibrationExample})"));
        text.AppendLine(Mode == QuantizationMode.Dynamic
            ? F($"- fidelity measured on {HeldOutInputs} frames of held-out real audio: {HeldOutExample}")
            : F($"- fidelity measured on {HeldOutInputs} held-out real inputs calibration did not see (for example: {HeldOutExample})"));
        text.AppendLine();
        text.AppendLine("## Results");
        text.AppendLine();
        text.AppendLine("| | fp32 | int8 (written) |");
        text.AppendLine("|---|---|---|");
        text.AppendLine(F($"| file size | {Fp32Bytes:N0} B | {Chosen.Bytes:N0} B ({SizeRatio:0.00}x smaller) |"));
        text.AppendLine(F($"| sha256 | `{Fp32Sha256}` | `{Chosen.Sha256}` |"));
        text.AppendLine(F($"| median latency | {Latency[0].MedianMicroseconds:0.0} µs | {Latency[1].MedianMicroseconds:0.0} µs ({SpeedUp:0.00}x) |"));
        text.AppendLine();
        text.AppendLine(F($"Latency: {TimedCalls} timed calls per variant on one held-out input, in 5 rounds taken in rotating order in one process, each session pre-bound; the ratio of the medians is the figure to compare. Load average (1, 5, 15 min): {LoadAverage}; on a machine shared with other work the ratio moves between runs."));
        if (Latency.Count > 2)
        {
            text.AppendLine();
            text.AppendLine("| variant | median µs | speed-up over fp32 |");
            text.AppendLine("|---|---|---|");
            foreach (LatencyResult latency in Latency)
            {
                text.AppendLine(F($"| {latency.Variant} | {latency.MedianMicroseconds:0.0} | {latency.SpeedUp:0.00}x |"));
            }
        }

        text.AppendLine();
        text.AppendLine(F($"Where the time goes, from ONNX Runtime's profiler ({ProfiledRuns} profiled runs each; µs per run, summed over the nodes of each operator as ONNX Runtime ran them after fusing; profiling adds its own overhead, so these explain the ratio rather than repeat it):"));
        text.AppendLine();
        text.AppendLine("| operator | fp32 nodes | fp32 µs | int8 nodes | int8 µs |");
        text.AppendLine("|---|---|---|---|---|");
        AppendOperatorRows(text, Int8Operators);
        text.AppendLine(F($"| total | {Fp32Operators.Sum(o => o.Nodes)} | {Fp32Operators.Sum(o => o.MicrosecondsPerRun):0.0} | {Int8Operators.Sum(o => o.Nodes)} | {Int8Operators.Sum(o => o.MicrosecondsPerRun):0.0} |"));
        text.AppendLine();
        text.AppendLine("## Fidelity against fp32 (held-out inputs)");
        text.AppendLine();
        text.AppendLine(Mode == QuantizationMode.Dynamic
            ? "Nothing is calibrated, but the sample media are small (a few seconds of speech, silence), so the recipe's per-node choices were made looking at these same figures; they are not an independent test of those choices."
            : "Calibration never sees these inputs, but the sample media are small (three marked faces, a few frames), so the recipe's per-node choices were made looking at these same figures; they are not an independent test of those choices.");
        text.AppendLine();
        text.AppendLine("| variant | size B | " + string.Join(" | ", Chosen.Fidelity.Select(f => f.Name + (f.Target is { } t ? F($" (target {(f.AtLeast ? "≥" : "≤")} {t:0.##})") : ""))) + " |");
        text.AppendLine("|---|---|" + string.Concat(Enumerable.Repeat("---|", Chosen.Fidelity.Count)));
        foreach (VariantResult variant in Variants)
        {
            text.AppendLine(F($"| {variant.Name}{(ReferenceEquals(variant, Chosen) ? " (written)" : "")} | {variant.Bytes:N0} | ") + string.Join(" | ", variant.Fidelity.Select(f => F($"{f.Value:0.####} {f.Unit}").Trim() + (f.Met ? "" : " (missed)"))) + " |");
        }

        text.AppendLine();
        text.AppendLine("## Targets");
        text.AppendLine();
        IReadOnlyList<string> missed = MissedTargets();
        if (missed.Count == 0)
        {
            text.AppendLine(F($"All met: {SpeedUp:0.00}x as fast (target {SpeedTarget:0.0}x), {SizeRatio:0.00}x smaller, fidelity within its targets."));
        }
        else
        {
            text.AppendLine("Missed:");
            text.AppendLine();
            foreach (string line in missed)
            {
                text.AppendLine("- " + line);
            }

            text.AppendLine();
            text.AppendLine("Why, from what this run measured: see the recipe above (the nodes kept float and the reasons) and the variant table: a variant that quantizes more nodes is listed with its own speed and fidelity.");
        }

        return text.ToString();
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("model", Model);
            json.WriteString("recipe", Recipe);
            json.WriteString("mode", Mode == QuantizationMode.Dynamic ? "dynamic" : "static");
            WriteMachine(json);
            json.WriteStartObject("fp32");
            json.WriteNumber("bytes", Fp32Bytes);
            json.WriteString("sha256", Fp32Sha256);
            json.WriteEndObject();
            json.WriteString("written", Chosen.Name);
            json.WriteStartArray("variants");
            foreach (VariantResult variant in Variants)
            {
                json.WriteStartObject();
                json.WriteString("name", variant.Name);
                json.WriteString("calibration", Mode == QuantizationMode.Dynamic ? "none (run time)" : CalibrationMethods.Name(variant.Method));
                json.WriteBoolean("followsKeepFloat", variant.FollowsKeepFloat);
                json.WriteNumber("bytes", variant.Bytes);
                json.WriteString("sha256", variant.Sha256);
                json.WriteStartArray("fidelity");
                foreach (FidelityFigure figure in variant.Fidelity)
                {
                    json.WriteStartObject();
                    json.WriteString("name", figure.Name);
                    json.WriteNumber("value", Math.Round(figure.Value, 6));
                    json.WriteString("unit", figure.Unit);
                    if (figure.Target is { } target)
                    {
                        json.WriteNumber("target", target);
                        json.WriteString("targetIs", figure.AtLeast ? "at least" : "at most");
                    }

                    json.WriteBoolean("met", figure.Met);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("latency");
            json.WriteNumber("timedCalls", TimedCalls);
            json.WriteString("loadAverage", LoadAverage);
            json.WriteNumber("speedUpTarget", SpeedTarget);
            json.WriteStartArray("variants");
            foreach (LatencyResult latency in Latency)
            {
                json.WriteStartObject();
                json.WriteString("name", latency.Variant);
                json.WriteNumber("medianMicroseconds", Math.Round(latency.MedianMicroseconds, 2));
                json.WriteNumber("speedUp", Math.Round(latency.SpeedUp, 4));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("profiledRuns", ProfiledRuns);
            WriteOperators(json, "fp32Operators", Fp32Operators);
            WriteOperators(json, "int8Operators", Int8Operators);
            json.WriteEndObject();
            json.WriteStartObject("plan");
            json.WriteNumber("activations", Activations);
            json.WriteStartArray("quantized");
            foreach (QuantizedNode node in Quantized)
            {
                json.WriteStartObject();
                json.WriteString("node", node.Name);
                json.WriteString("kind", node.Kind);
                if (node.FoldedActivation is { } folded)
                {
                    json.WriteString("folded", folded);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("keptFloat");
            foreach (FloatNode node in KeptFloat)
            {
                json.WriteStartObject();
                json.WriteString("node", node.Name);
                json.WriteString("kind", node.Kind);
                json.WriteString("reason", node.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("inputs");
            json.WriteNumber("calibration", CalibrationInputs);
            json.WriteNumber("heldOut", HeldOutInputs);
            json.WriteEndObject();
            json.WriteStartArray("missedTargets");
            foreach (string line in MissedTargets())
            {
                json.WriteStringValue(line);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOperators(Utf8JsonWriter json, string name, IReadOnlyList<OperatorTime> operators)
    {
        json.WriteStartArray(name);
        foreach (OperatorTime op in operators)
        {
            json.WriteStartObject();
            json.WriteString("operator", op.Operator);
            json.WriteNumber("nodes", op.Nodes);
            json.WriteNumber("microsecondsPerRun", Math.Round(op.MicrosecondsPerRun, 2));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private int Folded() => Quantized.Count(node => node.FoldedActivation is not null);

    private static string Counts(IReadOnlyList<QuantizedNode> nodes) =>
        string.Join(", ", nodes.GroupBy(n => n.Kind).Select(g => $"{g.Count()} {g.Key}"));
}
