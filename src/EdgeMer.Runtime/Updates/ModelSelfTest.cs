using System.Diagnostics;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Platform;

namespace EdgeMer.Runtime.Updates;

/// <summary>
/// Runs every model of a setup on self-test inputs made from its manifest (a fixed pseudo-random
/// pattern in each input's range: pixels, samples in -1..1, a zero state, the manifest's sample
/// rate) and checks what a model that works must give: every output finite, and the median of
/// <c>runs</c> timed runs (after one warm-up) inside the device profile's capture-to-summary budget.
/// </summary>
public static class ModelSelfTest
{
    private const long SampleRate16k = 16_000;

    /// <summary>Null when every model passed, else which model failed and why.</summary>
    public static string? Run(RuntimeSetup setup, int runs)
    {
        ArgumentNullException.ThrowIfNull(setup);
        double budgetMs = setup.Profile.Budget.CaptureToSummaryMs;
        foreach (LoadedModel model in setup.Models)
        {
            var inputs = new Dictionary<string, PinnedTensor>(StringComparer.Ordinal);
            try
            {
                foreach (TensorInfo input in model.Session.Inputs)
                {
                    ModelInput? described = model.Description.Inputs.FirstOrDefault(i => i.Name == input.Name);
                    if (Input(input, described) is not { } tensor)
                    {
                        return $"model '{model.Id}': the self-test cannot feed input '{input.Name}' of type {input.ElementType}";
                    }

                    inputs[input.Name] = tensor;
                }

                var times = new double[runs];
                for (int run = -1; run < runs; run++)
                {
                    long started = Stopwatch.GetTimestamp();
                    IReadOnlyList<InferenceOutput> outputs = model.Session.Run(inputs);
                    double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (run >= 0)
                    {
                        times[run] = ms;
                    }

                    foreach (InferenceOutput output in outputs)
                    {
                        if (output.ElementType == TensorElementType.Float && !AllFinite(output.Elements<float>()))
                        {
                            return $"model '{model.Id}': output '{output.Name}' is not finite on the self-test input";
                        }
                    }
                }

                Array.Sort(times);
                double median = times[runs / 2];
                if (median > budgetMs)
                {
                    return $"model '{model.Id}': a run takes {median:0.0} ms (median of {runs}), more than the profile's {budgetMs} ms budget";
                }
            }
            catch (Exception e) when (e is OnnxRuntimeException or NotSupportedException or ArgumentException)
            {
                return $"model '{model.Id}' failed its self-test run: {e.Message}";
            }
            finally
            {
                foreach (PinnedTensor tensor in inputs.Values)
                {
                    tensor.Dispose();
                }
            }
        }

        return null;
    }

    private static PinnedTensor? Input(TensorInfo input, ModelInput? described)
    {
        long[] shape = [.. input.Shape.Select(d => d < 0 ? 1 : d)];
        InputContent? content = described?.Content;
        var random = new Random(17);
        switch (input.ElementType)
        {
            case TensorElementType.Float:
            {
                PinnedTensor<float> tensor = PinnedTensor.Allocate<float>(shape);
                Span<float> values = tensor.Span;
                if (content != InputContent.State)
                {
                    // Image inputs read 0..1 or -1..1 after normalisation, sound -1..1: one range fits them all.
                    for (int i = 0; i < values.Length; i++)
                    {
                        values[i] = (float)((random.NextDouble() * 2) - 1);
                    }
                }

                return tensor;
            }

            case TensorElementType.Int32:
            {
                PinnedTensor<int> tensor = PinnedTensor.Allocate<int>(shape);
                Span<int> values = tensor.Span;
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = random.Next(256);
                }

                return tensor;
            }

            case TensorElementType.UInt8:
            {
                PinnedTensor<byte> tensor = PinnedTensor.Allocate<byte>(shape);
                random.NextBytes(tensor.Span);
                return tensor;
            }

            case TensorElementType.Int64 when content == InputContent.SampleRate:
            {
                PinnedTensor<long> tensor = PinnedTensor.Allocate<long>(shape);
                tensor.Span.Fill(SampleRate16k);
                return tensor;
            }

            default:
                return null;
        }
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
