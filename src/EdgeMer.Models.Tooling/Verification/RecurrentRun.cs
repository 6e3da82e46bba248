using EdgeMer.Models.Catalog;

namespace EdgeMer.Models.Tooling.Verification;

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
    public static RecurrentRun For(ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelInput audio = model.InputFor(InputContent.Audio16k)
            ?? throw new ModelManifestException(model.ManifestPath, "inputs", "a stream model needs an audio-16k input");
        ModelInput state = model.InputFor(InputContent.State)
            ?? throw new ModelManifestException(model.ManifestPath, "inputs", "a stream model needs a state input");
        ModelOutput stateOut = model.Outputs.FirstOrDefault(o => o.Shape.SequenceEqual(state.Shape))
            ?? throw new ModelManifestException(model.ManifestPath, "outputs", $"a stream model needs an output shaped as its state [{string.Join(", ", state.Shape)}]");
        ModelOutput output = model.Outputs.FirstOrDefault(o => o != stateOut)
            ?? throw new ModelManifestException(model.ManifestPath, "outputs", "a stream model needs an output besides its state");
        long[] shape = [.. state.Shape.Select(d => d.For(1))];
        AudioFraming framing = audio.Framing!.Value;
        return new RecurrentRun(audio.Name, framing.FrameSamples, framing.ContextSamples, state.Name, stateOut.Name, shape, output.Name);
    }
}
