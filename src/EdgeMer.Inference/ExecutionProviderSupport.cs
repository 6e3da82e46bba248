namespace EdgeMer.Inference;

/// <summary>
/// What one execution provider can do with the ONNX Runtime this process loaded: whether it is
/// compiled into that build, whether the provider libraries it loads at run time (CUDA, TensorRT) are
/// beside it, and whether it is usable: a session with it ahead of CPU was created and ran.
/// </summary>
/// <param name="Provider">The provider.</param>
/// <param name="CompiledIn">Whether the build offers it (ONNX Runtime's <c>GetAvailableProviders</c>).</param>
/// <param name="Libraries">Whether its own libraries are in place.</param>
/// <param name="LibraryFiles">The provider libraries it needs, as full paths where the folder is known; empty when built in.</param>
/// <param name="Usable">Whether a session with it was created and ran a one-node model, with the provider really selected.</param>
/// <param name="Reason">Why it is or is not usable, in words fit for a report line.</param>
public sealed record ExecutionProviderSupport(
    ExecutionProviderKind Provider,
    bool CompiledIn,
    ProviderLibraryStatus Libraries,
    IReadOnlyList<string> LibraryFiles,
    bool Usable,
    string Reason)
{
    private static readonly ExecutionProviderKind[] s_all =
    [
        ExecutionProviderKind.Cpu,
        ExecutionProviderKind.Cuda,
        ExecutionProviderKind.TensorRT,
        ExecutionProviderKind.DirectML,
        ExecutionProviderKind.Xnnpack,
    ];

    /// <summary>ONNX Runtime's name for <see cref="Provider"/>.</summary>
    public string Name => ExecutionProviderNames.Of(Provider);

    /// <summary>
    /// Examines every provider EdgeMer knows in <paramref name="environment"/>. Creates one tiny
    /// session per compiled-in provider, so it takes as long as that provider takes to start.
    /// </summary>
    public static IReadOnlyList<ExecutionProviderSupport> Examine(InferenceEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var found = new ExecutionProviderSupport[s_all.Length];
        for (int i = 0; i < s_all.Length; i++)
        {
            found[i] = Examine(environment, s_all[i]);
        }

        return found;
    }

    /// <summary>Examines <paramref name="provider"/> in <paramref name="environment"/>.</summary>
    public static ExecutionProviderSupport Examine(InferenceEnvironment environment, ExecutionProviderKind provider)
    {
        ArgumentNullException.ThrowIfNull(environment);
        OnnxRuntimeInfo runtime = environment.Runtime;
        bool compiledIn = provider == ExecutionProviderKind.Cpu || runtime.AvailableProviders.Contains(ExecutionProviderNames.Of(provider));
        (ProviderLibraryStatus libraries, string[] files) = FindLibraries(provider, runtime.LibraryPath);
        if (!compiledIn)
        {
            return new(provider, false, libraries, files, false,
                $"not compiled into this build (ONNX Runtime {runtime.Version} offers {string.Join(", ", runtime.AvailableProviders)})");
        }

        (bool usable, string reason) = TryRun(environment, provider);
        return new(provider, true, libraries, files, usable, reason);
    }

    // CUDA and TensorRT are separate libraries that ONNX Runtime loads from its own folder, through
    // the shared-provider bridge; the others are compiled into the runtime library itself.
    private static (ProviderLibraryStatus Status, string[] Files) FindLibraries(ExecutionProviderKind provider, string runtimeLibrary)
    {
        string[] names = provider switch
        {
            ExecutionProviderKind.Cuda => [LibraryName("onnxruntime_providers_shared"), LibraryName("onnxruntime_providers_cuda")],
            ExecutionProviderKind.TensorRT => [LibraryName("onnxruntime_providers_shared"), LibraryName("onnxruntime_providers_tensorrt")],
            _ => [],
        };
        if (names.Length == 0)
        {
            return (ProviderLibraryStatus.BuiltIn, names);
        }

        if (!Path.IsPathFullyQualified(runtimeLibrary))
        {
            return (ProviderLibraryStatus.Unknown, names);
        }

        string folder = Path.GetDirectoryName(runtimeLibrary)!;
        bool all = true;
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = Path.Combine(folder, names[i]);
            all &= File.Exists(names[i]);
        }

        return (all ? ProviderLibraryStatus.Present : ProviderLibraryStatus.Missing, names);
    }

    private static string LibraryName(string stem) =>
        OperatingSystem.IsWindows() ? $"{stem}.dll" : OperatingSystem.IsMacOS() ? $"lib{stem}.dylib" : $"lib{stem}.so";

    // The same path a model takes: the provider first, CPU behind it, with EdgeMer's fallback rules;
    // usable only when the provider itself was selected and the run went through.
    private static (bool Usable, string Reason) TryRun(InferenceEnvironment environment, ExecutionProviderKind provider)
    {
        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1, LogId = $"edgemer-{provider}-check" };
        options.ExecutionProviders.Add(provider);
        try
        {
            using InferenceSession session = InferenceSession.Load(environment, ProbeModel.Bytes.ToArray(), $"{provider} check", options);
            if (session.ExecutionProvider != provider)
            {
                return (false, session.ExecutionProviderDecisions[0].Reason);
            }

            using PinnedTensor<float> x = PinnedTensor.FromArray([1f], 1);
            using PinnedTensor<float> y = PinnedTensor.Allocate<float>(1);
            using InferenceBinding binding = session.CreateBinding();
            binding.BindInput(ProbeModel.InputName, x);
            binding.BindOutput(ProbeModel.OutputName, y);
            binding.Run();
            return y.Span[0] == 1f
                ? (true, "a session with it ran a one-node model")
                : (false, $"a session with it ran a one-node model, but the result was wrong ({y.Span[0]} for 1)");
        }
        catch (OnnxRuntimeException e)
        {
            return (false, $"a session with it failed: {SessionFailures.OneLine(e.NativeMessage)}");
        }
    }
}
