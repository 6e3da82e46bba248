namespace EdgeMer.Perception;

/// <summary>
/// One step of a perception pipeline with explicit input and output: a scheduler can run it on its
/// own thread, time it and rate-limit it (<see cref="StageRunner{TInput, TOutput}"/>) apart from the
/// other steps. <see cref="Run"/> reads only <paramref name="input"/> and writes only
/// <paramref name="output"/> (an object from <see cref="CreateOutput"/> that the caller reuses), so
/// nothing is allocated per run, and a latest-wins slot can hold an output while the stage fills
/// another. A stage serves one thread at a time.
/// </summary>
/// <typeparam name="TInput">What the stage reads (a frame view and what earlier stages found); may be a ref struct.</typeparam>
/// <typeparam name="TOutput">What the stage writes.</typeparam>
public interface IPerceptionStage<TInput, TOutput>
    where TInput : allows ref struct
    where TOutput : class
{
    /// <summary>The stage's name in timings and logs (<c>face.detect</c>).</summary>
    string Name { get; }

    /// <summary>Where each phase of the last run went (preprocessing, model, postprocessing).</summary>
    StagePhases LastRun { get; }

    /// <summary>A new output of the size this stage fills; allocate once per slot, reuse for every run.</summary>
    TOutput CreateOutput();

    /// <summary>Runs the stage on <paramref name="input"/>, overwriting <paramref name="output"/>.</summary>
    void Run(scoped in TInput input, TOutput output);
}
