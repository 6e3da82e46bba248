using EdgeMer.Inference;
using EdgeMer.Onnx;
using EdgeMer.Platform;
using EdgeMer.Quantization.Running;

namespace EdgeMer.Quantization.Pruning;

/// <summary>
/// The mean of every channel of some NCHW tensors over calibration inputs (all images and
/// positions), and optionally their second moments (E[x_i · x_j] over positions), observed as the
/// quantizer observes activations: the tensors added as graph outputs, one thread, the inputs in
/// order, so the sums, and so the corrected weights, are the same on every run.
/// </summary>
public static class ChannelMeans
{
    public static Dictionary<string, double[]> Observe(InferenceEnvironment environment, OnnxModel model, IReadOnlyList<string> tensors, IReadOnlyList<InputCase> inputs)
    {
        var means = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach ((string tensor, ChannelMoments moments) in ObserveMoments(environment, model, tensors, inputs, products: false))
        {
            means[tensor] = moments.Means();
        }

        return means;
    }

    /// <param name="products">Whether to sum the products of every pair of channels as well (for the least-squares reconstruction).</param>
    public static Dictionary<string, ChannelMoments> ObserveMoments(InferenceEnvironment environment, OnnxModel model, IReadOnlyList<string> tensors, IReadOnlyList<InputCase> inputs, bool products)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(inputs);
        var moments = new Dictionary<string, ChannelMoments>(StringComparer.Ordinal);
        if (tensors.Count == 0 || inputs.Count == 0)
        {
            return moments;
        }

        OnnxModel observed = OnnxModel.FromBytes(model.ToBytes(), model.Graph.Name);
        foreach (string tensor in tensors)
        {
            if (observed.Graph.FindOutput(tensor) is null)
            {
                observed.Graph.AddOutput(tensor, TensorElementType.Float);
            }
        }

        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        using InferenceSession session = InferenceSession.Load(environment, observed.ToBytes(), model.Graph.Name + " (channel statistics)", options);
        foreach (InputCase input in inputs)
        {
            IReadOnlyList<InferenceOutput> outputs = SessionRuns.Run(session, input);
            foreach (string tensor in tensors)
            {
                InferenceOutput output = SessionRuns.Find(outputs, tensor, session.ModelName);
                ReadOnlySpan<long> shape = output.Shape;
                if (shape.Length < 2)
                {
                    throw new InvalidOperationException($"tensor '{tensor}' has {shape.Length} dimensions; channel statistics need N, C and positions");
                }

                int channels = (int)shape[1];
                if (!moments.TryGetValue(tensor, out ChannelMoments? found))
                {
                    found = new ChannelMoments(channels, products);
                    moments[tensor] = found;
                }

                found.Add(output.ToArray<float>(), (int)shape[0]);
            }
        }

        return moments;
    }
}

/// <summary>Sums over the positions of an NCHW tensor: of each channel, and (when kept) of the product of every pair of channels.</summary>
public sealed class ChannelMoments
{
    private readonly double[] _sums;

    private readonly double[]? _products;

    public ChannelMoments(int channels, bool products)
    {
        Channels = channels;
        _sums = new double[channels];
        _products = products ? new double[channels * channels] : null;
    }

    public int Channels { get; }

    /// <summary>How many positions (images × rows × columns) were summed.</summary>
    public long Count { get; private set; }

    public bool HasProducts => _products is not null;

    public double[] Means() => [.. _sums.Select(s => s / Count)];

    public double Mean(int channel) => _sums[channel] / Count;

    /// <summary>E[x_i · x_j] over the positions.</summary>
    public double Product(int i, int j) => (_products ?? throw new InvalidOperationException("channel products were not observed"))[(i * Channels) + j] / Count;

    public void Add(float[] values, int images)
    {
        int positions = values.Length / (images * Channels);
        var vector = new double[Channels];
        for (int n = 0; n < images; n++)
        {
            int image = n * Channels * positions;
            for (int p = 0; p < positions; p++)
            {
                for (int c = 0; c < Channels; c++)
                {
                    vector[c] = values[image + (c * positions) + p];
                    _sums[c] += vector[c];
                }

                if (_products is not null)
                {
                    for (int i = 0; i < Channels; i++)
                    {
                        double xi = vector[i];
                        if (xi == 0)
                        {
                            continue;
                        }

                        int row = i * Channels;
                        for (int j = i; j < Channels; j++)
                        {
                            _products[row + j] += xi * vector[j];
                        }
                    }
                }
            }
        }

        Count += (long)images * positions;
        if (_products is not null)
        {
            // Only the upper triangle is summed; mirror it so Product reads either order.
            for (int i = 0; i < Channels; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    _products[(i * Channels) + j] = _products[(j * Channels) + i];
                }
            }
        }
    }
}
