using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Quantization.Pruning;

/// <summary>
/// Which channels a group keeps: those with the largest L1 norm of their convolution's weights
/// (Σ |W[c, :, :, :]|). In a group of several convolutions each member's norms are divided by
/// their mean first, so that a member with larger weights does not decide alone, and summed.
/// Ties keep the lower channel, so the choice is the same on every run.
/// </summary>
public static class ChannelSelection
{
    /// <summary>How many of <paramref name="channels"/> stay when <paramref name="share"/> of them is removed, rounded up to a multiple of <paramref name="multiple"/> (at most all of them, at least one).</summary>
    public static int KeptCount(int channels, double share, int multiple)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(multiple, 1);
        int kept = channels - (int)Math.Floor(channels * share);
        kept = (kept + multiple - 1) / multiple * multiple;
        return Math.Clamp(kept, 1, channels);
    }

    /// <summary>The L1 norm of each output channel of a convolution's weights [C_out, C_in / group, kH, kW].</summary>
    public static double[] L1Norms(TensorProto weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        float[] values = OnnxTensors.ToFloats(weight);
        int outputs = (int)weight.Dims[0];
        int each = values.Length / outputs;
        var norms = new double[outputs];
        for (int c = 0; c < outputs; c++)
        {
            double sum = 0;
            for (int i = 0; i < each; i++)
            {
                sum += Math.Abs(values[(c * each) + i]);
            }

            norms[c] = sum;
        }

        return norms;
    }

    /// <summary>The score of each channel of <paramref name="group"/>: its members' L1 norms, each divided by that member's mean norm, summed.</summary>
    public static double[] Scores(ChannelGroups analysis, ChannelGroup group)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(group);
        var scores = new double[group.Channels];
        foreach (string name in group.Convolutions)
        {
            NodeProto conv = analysis.Model.Graph.FindNode(name)!;
            double[] norms = L1Norms(analysis.Model.Graph.FindInitializer(conv.Input[1])!);
            double mean = norms.Average();
            for (int c = 0; c < scores.Length; c++)
            {
                scores[c] += mean > 0 ? norms[c] / mean : 0;
            }
        }

        return scores;
    }

    /// <summary>The mask (true: keep) of the <paramref name="kept"/> channels with the highest scores.</summary>
    public static bool[] KeepHighest(IReadOnlyList<double> scores, int kept)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int[] order = [.. Enumerable.Range(0, scores.Count)];
        Array.Sort(order, (a, b) => scores[b] != scores[a] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        var mask = new bool[scores.Count];
        for (int i = 0; i < kept; i++)
        {
            mask[order[i]] = true;
        }

        return mask;
    }
}
