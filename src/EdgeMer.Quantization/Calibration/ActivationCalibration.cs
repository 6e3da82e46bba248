using EdgeMer.Inference;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Running;

namespace EdgeMer.Quantization.Calibration;

/// <summary>
/// Observes a float model's activations on calibration inputs: the model is run with the tensors
/// of interest added as graph outputs, in two passes over the same inputs (range, then histogram),
/// on one thread so the sums, and so the quantized model's bytes, are the same on every run.
/// </summary>
public static class ActivationCalibration
{
    public static IReadOnlyDictionary<string, ActivationObserver> Observe(
        InferenceEnvironment environment,
        OnnxModel model,
        IReadOnlyList<string> tensors,
        IReadOnlyList<InputCase> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("calibration needs at least one input", nameof(inputs));
        }

        OnnxModel observed = OnnxModel.FromBytes(model.ToBytes(), model.Graph.Name);
        foreach (string tensor in tensors)
        {
            if (observed.Graph.FindOutput(tensor) is null)
            {
                observed.Graph.AddOutput(tensor, TensorElementType.Float);
            }
        }

        var observers = new Dictionary<string, ActivationObserver>(StringComparer.Ordinal);
        foreach (string tensor in tensors)
        {
            observers[tensor] = new ActivationObserver(tensor);
        }

        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        using InferenceSession session = InferenceSession.Load(environment, observed.ToBytes(), model.Graph.Name + " (calibration)", options);
        foreach (bool histogram in (bool[])[false, true])
        {
            foreach (InputCase input in inputs)
            {
                float[][] values = SessionRuns.RunFloats(session, input, tensors);
                for (int i = 0; i < tensors.Count; i++)
                {
                    ActivationObserver observer = observers[tensors[i]];
                    if (histogram)
                    {
                        observer.ObserveHistogram(values[i]);
                    }
                    else
                    {
                        observer.ObserveRange(values[i]);
                    }
                }
            }
        }

        return observers;
    }

    /// <summary>The UINT8 parameters every observed activation gets under <paramref name="method"/>.</summary>
    public static Dictionary<string, QuantizationParameters> Parameters(
        IReadOnlyDictionary<string, ActivationObserver> observers,
        CalibrationMethod method,
        double percentile)
    {
        ArgumentNullException.ThrowIfNull(observers);
        var parameters = new Dictionary<string, QuantizationParameters>(StringComparer.Ordinal);
        foreach ((string tensor, ActivationObserver observer) in observers)
        {
            (float min, float max) = observer.Range(method, percentile);
            parameters[tensor] = QuantizationMath.ActivationUInt8(min, max);
        }

        return parameters;
    }
}
