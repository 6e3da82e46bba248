using System.Text;
using System.Text.Json;
using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Reports;

namespace EdgeMer.Quantization.Pruning;

/// <summary>What <c>edgemer models prune</c> did for one model, written as quantization/reports/&lt;model&gt;.pruned.md and .json.</summary>
public sealed record PruningReport : VariantReport
{
    /// <summary>The speed-up a pruned variant is built for (it is rejected only when slower than fp32).</summary>
    public const double SpeedTarget = 1.3;

    public required ModelCost Fp32Cost { get; init; }

    public required LatencyResult Fp32Latency { get; init; }

    /// <summary>Every candidate, in the recipe's order.</summary>
    public required IReadOnlyList<PrunedCandidate> Candidates { get; init; }

    /// <summary>The index of the written candidate in <see cref="Candidates"/>; -1 when all were rejected.</summary>
    public required int Chosen { get; init; }

    public required IReadOnlyList<FidelityBound> Bounds { get; init; }

    public required bool BiasCorrection { get; init; }

    public required bool Reconstruction { get; init; }

    public required bool Sequential { get; init; }

    /// <summary>The inputs the recipe fixed (see <see cref="PruningRecipe.FixedInputs"/>); empty when none.</summary>
    public IReadOnlyDictionary<string, double> FixedInputs { get; init; } = new Dictionary<string, double>();

    /// <summary>What fixing them folded, one line per If node.</summary>
    public IReadOnlyList<string> Folded { get; init; } = [];

    /// <summary>The size of the folded model before any channel is removed; 0 without fixed inputs.</summary>
    public long FoldedBytes { get; init; }

    /// <summary>The folded model's latency before any channel is removed; null without fixed inputs.</summary>
    public LatencyResult? FoldedLatency { get; init; }

    /// <summary>The folded model's fidelity against fp32 before any channel is removed; null without fixed inputs.</summary>
    public IReadOnlyList<FidelityFigure>? FoldedFidelity { get; init; }

    public required int ChannelMultiple { get; init; }

    public required double MaxLayerSparsity { get; init; }

    /// <summary>The candidate whose operators were profiled: the chosen one, or the first when none was.</summary>
    public required int ProfiledCandidate { get; init; }

    public required IReadOnlyList<OperatorTime> PrunedOperators { get; init; }

    public bool Accepted => Chosen >= 0;

    /// <summary>Why no candidate was written: each candidate with what it broke; empty when one was written.</summary>
    public string RejectionMessage()
    {
        if (Accepted)
        {
            return string.Empty;
        }

        var parts = Candidates.Select(c => $"{ModelPruning.CandidateName(c.Sparsity)}: {string.Join("; ", c.Rejections)}");
        return $"model '{Model}': no pruned variant was written; every candidate was rejected ({string.Join(" | ", parts)})";
    }

    /// <summary>The targets the written variant misses (speed-up of at least 1.3x), with what was measured.</summary>
    public IReadOnlyList<string> MissedTargets()
    {
        var missed = new List<string>();
        if (Accepted && Candidates[Chosen].Latency.SpeedUp < SpeedTarget)
        {
            PrunedCandidate chosen = Candidates[Chosen];
            missed.Add(F($"speed: the pruned variant ran {chosen.Latency.SpeedUp:0.00}x as fast as fp32; the target is {SpeedTarget:0.0}x. It does {(double)chosen.Cost.MultiplyAccumulates / Fp32Cost.MultiplyAccumulates * 100:0.#} % of fp32's multiply-accumulates; per profiled run it spent {PrunedOperators.Sum(o => o.MicrosecondsPerRun):0} µs in operators against fp32's {Fp32Operators.Sum(o => o.MicrosecondsPerRun):0} µs"));
        }

        return missed;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        AppendHeader(text, "Channel pruning", "prune");
        text.AppendLine(F($"- candidates (share of each prunable group's channels removed, by L1 norm): {string.Join(", ", Candidates.Select(c => F($"{c.Sparsity:0.###}")))}; at most {MaxLayerSparsity:0.###} per group; kept channels rounded up to a multiple of {ChannelMultiple}"));
        text.AppendLine(F($"- correction of the next dense convolution, from {CalibrationInputs} calibration inputs: {(Sequential ? "sequential least squares (each convolution that loses input channels, in graph order, refitted on the model as pruned so far to reproduce its fp32 input)" : Reconstruction ? "least-squares reconstruction (the removed channels predicted from the kept ones at every position, folded into its weights and bias)" : BiasCorrection ? "bias (the removed channels' means folded into its bias)" : "none")}"));
        text.AppendLine(F($"- fidelity bounds: {string.Join("; ", Bounds)}; and never slower than fp32"));
        if (FixedInputs.Count > 0)
        {
            text.AppendLine(F($"- fixed inputs: {string.Join(", ", FixedInputs.Select(i => F($"`{i.Key}` = {i.Value}")))}. The variants compute only what these values select, and ignore the inputs themselves (they stay inputs, so callers bind them as before; another value gets the same result as this one). Folded before pruning: {string.Join("; ", Folded)}. The fp32 row's parameters and multiply-accumulates are counted on the folded graph"));
        }

        text.AppendLine();
        text.AppendLine("## Result");
        text.AppendLine();
        if (Accepted)
        {
            PrunedCandidate chosen = Candidates[Chosen];
            text.AppendLine(F($"Written: **{ModelPruning.CandidateName(chosen.Sparsity)}**, {chosen.Latency.SpeedUp:0.00}x as fast as fp32, sha256 `{chosen.Sha256}` (the fastest candidate that keeps every bound)."));
            IReadOnlyList<string> missed = MissedTargets();
            text.AppendLine();
            text.AppendLine(missed.Count == 0 ? F($"Targets met: at least {SpeedTarget:0.0}x as fast as fp32 and every fidelity bound.") : "Missed targets:");
            foreach (string item in missed)
            {
                text.AppendLine("- " + item);
            }
        }
        else
        {
            text.AppendLine("**Rejected**: no candidate is both faster than fp32 and within the fidelity bounds, so nothing was written to the model store.");
            foreach (PrunedCandidate candidate in Candidates)
            {
                text.AppendLine(F($"- {ModelPruning.CandidateName(candidate.Sparsity)}: {string.Join("; ", candidate.Rejections)}"));
            }
        }

        text.AppendLine();
        text.AppendLine("## Size, work and speed");
        text.AppendLine();
        text.AppendLine(F($"Timed in one process on one thread in 5 rotating rounds, {TimedCalls} calls each, on `{HeldOutExample}`; load average {LoadAverage}."));
        text.AppendLine();
        text.AppendLine("| variant | file | parameters | multiply-accumulates | median latency | speed vs fp32 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        text.AppendLine(F($"| fp32 | {Fp32Bytes:N0} B | {Fp32Cost.Parameters:N0} | {Fp32Cost.MultiplyAccumulates:N0} | {Fp32Latency.MedianMicroseconds:0} µs | 1.00x |"));
        if (FoldedLatency is { } folded)
        {
            text.AppendLine(F($"| {ModelPruning.FoldedName} | {FoldedBytes:N0} B ({(double)FoldedBytes / Fp32Bytes * 100:0.#} %) | {Fp32Cost.Parameters:N0} | {Fp32Cost.MultiplyAccumulates:N0} | {folded.MedianMicroseconds:0} µs | {folded.SpeedUp:0.00}x |"));
        }

        foreach (PrunedCandidate c in Candidates)
        {
            text.AppendLine(F($"| {ModelPruning.CandidateName(c.Sparsity)} | {c.Bytes:N0} B ({(double)c.Bytes / Fp32Bytes * 100:0.#} %) | {c.Cost.Parameters:N0} ({(double)c.Cost.Parameters / Fp32Cost.Parameters * 100:0.#} %) | {c.Cost.MultiplyAccumulates:N0} ({(double)c.Cost.MultiplyAccumulates / Fp32Cost.MultiplyAccumulates * 100:0.#} %) | {c.Latency.MedianMicroseconds:0} µs | {c.Latency.SpeedUp:0.00}x |"));
        }

        text.AppendLine();
        text.AppendLine("## Fidelity against fp32");
        text.AppendLine();
        text.AppendLine(F($"On {HeldOutInputs} held-out inputs calibration did not see (e.g. `{HeldOutExample}`)."));
        text.AppendLine();
        text.AppendLine("| figure | " + string.Join(" | ", Candidates.Select(c => ModelPruning.CandidateName(c.Sparsity))) + " | bound |");
        text.AppendLine("|---|" + string.Concat(Candidates.Select(_ => "---:|")) + "---|");
        foreach (FidelityFigure figure in Candidates[0].Fidelity)
        {
            FidelityBound? bound = Bounds.FirstOrDefault(b => b.Figure == figure.Name);
            string values = string.Join(" | ", Candidates.Select(c => F($"{c.Fidelity.First(f => f.Name == figure.Name).Value:0.####} {figure.Unit}").Trim()));
            text.AppendLine($"| {figure.Name.Replace("|", "\\|", StringComparison.Ordinal)} | {values} | {(bound is null ? "" : bound.ToString()[(figure.Name.Length + 1)..])} |");
        }

        if (FoldedFidelity is { } foldedFidelity)
        {
            text.AppendLine();
            text.AppendLine(F($"The model folded for the fixed inputs, before any channel is removed: {string.Join("; ", foldedFidelity.Select(f => F($"{f.Name} {f.Value:0.####}{(f.Unit.Length > 0 ? " " + f.Unit : "")}")))}."));
        }

        PrunedCandidate shown = Candidates[Math.Max(Chosen, 0)];
        text.AppendLine();
        text.AppendLine(F($"## Layers ({ModelPruning.CandidateName(shown.Sparsity)})"));
        text.AppendLine();
        text.AppendLine("A group is the convolutions whose output channels are pruned together (joined channel by channel by an Add).");
        text.AppendLine();
        text.AppendLine("| convolutions | channels | kept | removed | left whole because |");
        text.AppendLine("|---|---:|---:|---:|---|");
        foreach (PrunedGroup group in shown.Groups)
        {
            text.AppendLine(F($"| {string.Join("<br>", group.Convolutions.Select(c => $"`{c}`"))} | {group.Channels} | {group.Kept} | {group.Removed * 100:0.#} % | {group.LeftWhole ?? ""} |"));
        }

        text.AppendLine();
        text.AppendLine(F($"## Where the time goes (ONNX Runtime's profiler, {ProfiledRuns} runs, {ModelPruning.CandidateName(Candidates[ProfiledCandidate].Sparsity)})"));
        text.AppendLine();
        text.AppendLine("| operator | fp32 nodes | fp32 µs/run | pruned nodes | pruned µs/run |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        AppendOperatorRows(text, PrunedOperators);

        return text.ToString();
    }

    private static void WriteFidelity(Utf8JsonWriter json, IReadOnlyList<FidelityFigure> figures)
    {
        json.WriteStartArray("fidelity");
        foreach (FidelityFigure figure in figures)
        {
            json.WriteStartObject();
            json.WriteString("name", figure.Name);
            json.WriteNumber("value", Math.Round(figure.Value, 6));
            json.WriteString("unit", figure.Unit);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("model", Model);
            json.WriteString("recipe", Recipe);
            WriteMachine(json);
            json.WriteBoolean("accepted", Accepted);
            if (Accepted)
            {
                json.WriteString("written", ModelPruning.CandidateName(Candidates[Chosen].Sparsity));
            }

            json.WriteStartObject("fp32");
            json.WriteNumber("bytes", Fp32Bytes);
            json.WriteString("sha256", Fp32Sha256);
            json.WriteNumber("parameters", Fp32Cost.Parameters);
            json.WriteNumber("multiplyAccumulates", Fp32Cost.MultiplyAccumulates);
            json.WriteNumber("medianMicroseconds", Math.Round(Fp32Latency.MedianMicroseconds, 1));
            json.WriteEndObject();
            json.WriteNumber("timedCalls", TimedCalls);
            json.WriteString("loadAverage", LoadAverage);
            json.WriteBoolean("biasCorrection", BiasCorrection);
            json.WriteBoolean("reconstruction", Reconstruction);
            json.WriteBoolean("sequential", Sequential);
            if (FixedInputs.Count > 0)
            {
                json.WriteStartObject("fixedInputs");
                foreach ((string name, double value) in FixedInputs)
                {
                    json.WriteNumber(name, value);
                }

                json.WriteEndObject();
                json.WriteStartArray("foldedIfs");
                foreach (string line in Folded)
                {
                    json.WriteStringValue(line);
                }

                json.WriteEndArray();
                json.WriteStartObject("foldedModel");
                json.WriteNumber("bytes", FoldedBytes);
                json.WriteNumber("medianMicroseconds", Math.Round(FoldedLatency!.MedianMicroseconds, 1));
                json.WriteNumber("speedUp", Math.Round(FoldedLatency.SpeedUp, 3));
                WriteFidelity(json, FoldedFidelity!);
                json.WriteEndObject();
            }
            json.WriteStartArray("candidates");
            foreach (PrunedCandidate c in Candidates)
            {
                json.WriteStartObject();
                json.WriteString("name", ModelPruning.CandidateName(c.Sparsity));
                json.WriteNumber("sparsity", c.Sparsity);
                json.WriteNumber("bytes", c.Bytes);
                json.WriteString("sha256", c.Sha256);
                json.WriteNumber("parameters", c.Cost.Parameters);
                json.WriteNumber("multiplyAccumulates", c.Cost.MultiplyAccumulates);
                json.WriteNumber("medianMicroseconds", Math.Round(c.Latency.MedianMicroseconds, 1));
                json.WriteNumber("speedUp", Math.Round(c.Latency.SpeedUp, 3));
                WriteFidelity(json, c.Fidelity);
                json.WriteStartArray("groups");
                foreach (PrunedGroup group in c.Groups)
                {
                    json.WriteStartObject();
                    json.WriteStartArray("convolutions");
                    foreach (string conv in group.Convolutions)
                    {
                        json.WriteStringValue(conv);
                    }

                    json.WriteEndArray();
                    json.WriteNumber("channels", group.Channels);
                    json.WriteNumber("kept", group.Kept);
                    if (group.LeftWhole is not null)
                    {
                        json.WriteString("leftWhole", group.LeftWhole);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("rejections");
                foreach (string rejection in c.Rejections)
                {
                    json.WriteStringValue(rejection);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("missedTargets");
            foreach (string missed in MissedTargets())
            {
                json.WriteStringValue(missed);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
