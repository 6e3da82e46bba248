using System.Text.Json;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Models.Verification;

/// <summary>
/// How a stream model (Silero VAD) is run over a long signal: <see cref="Chunk"/> new samples per call
/// behind the last <see cref="Context"/> samples before them (zeros at the start), with its state
/// carried from each call's <see cref="StateOut"/> to the next call's <see cref="StateIn"/>.
/// </summary>
public sealed record RecurrentRun(string Input, int Chunk, int Context, string StateIn, string StateOut, long[] StateShape, string Output)
{
    /// <summary>
    /// The run a manifest describes: its <c>audio-16k</c> input and that input's <c>framing</c>, its
    /// <c>state</c> input (batch 1), the output of the same shape as the state, and the other output.
    /// </summary>
    public static RecurrentRun For(ModelManifest manifest)
    {
        ManifestInput audio = manifest.Inputs!.Find(i => i.Content == "audio-16k")
            ?? throw new ModelManifestException(manifest.Path, "inputs", "a stream model needs an audio-16k input");
        ManifestInput state = manifest.Inputs.Find(i => i.Content == "state")
            ?? throw new ModelManifestException(manifest.Path, "inputs", "a stream model needs a state input");
        string stateShape = ShapeText(state.Shape!);
        ManifestOutput stateOut = manifest.Outputs!.Find(o => ShapeText(o.Shape!) == stateShape)
            ?? throw new ModelManifestException(manifest.Path, "outputs", $"a stream model needs an output shaped as its state {stateShape}");
        ManifestOutput output = manifest.Outputs.Find(o => o != stateOut)
            ?? throw new ModelManifestException(manifest.Path, "outputs", "a stream model needs an output besides its state");
        long[] shape = [.. state.Shape!.Select(d => d.ValueKind == JsonValueKind.Number ? d.GetInt64() : 1L)];
        return new RecurrentRun(audio.Name!, audio.Framing!.FrameSamples!.Value, audio.Framing.ContextSamples!.Value, state.Name!, stateOut.Name!, shape, output.Name!);
    }

    private static string ShapeText(List<JsonElement> shape) => "[" + string.Join(", ", shape.Select(d => d.GetRawText())) + "]";
}
