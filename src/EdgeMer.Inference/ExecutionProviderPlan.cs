using System.Text;

namespace EdgeMer.Inference;

/// <summary>
/// Which execution provider a model gets, decided from an ordered preference list and the
/// providers an ONNX Runtime build offers. Pure: it touches no native code, so <c>edgemer doctor</c>
/// can show the decision for every configured model without creating sessions. Sessions use the
/// same function and add what only trying can reveal (a provider whose libraries are missing).
/// </summary>
public sealed class ExecutionProviderPlan
{
    private ExecutionProviderPlan(
        ExecutionProviderKind selected,
        IReadOnlyList<ExecutionProviderDecision> decisions,
        IReadOnlyList<ExecutionProviderKind> toRegister)
    {
        Selected = selected;
        Decisions = decisions;
        ToRegister = toRegister;
    }

    /// <summary>The provider that runs the model.</summary>
    public ExecutionProviderKind Selected { get; }

    /// <summary>One decision per preferred provider, in preference order, then the CPU provider if it was not listed.</summary>
    public IReadOnlyList<ExecutionProviderDecision> Decisions { get; }

    // The non-CPU providers to append to the session options, in order (CPU is always implicit).
    internal IReadOnlyList<ExecutionProviderKind> ToRegister { get; }

    /// <summary>Decides the provider for <paramref name="preferences"/> on a runtime offering <paramref name="availableProviders"/>.</summary>
    /// <param name="preferences">Providers in order of preference; empty means CPU.</param>
    /// <param name="availableProviders">ONNX Runtime's provider names, as <c>GetAvailableProviders</c> reports them.</param>
    public static ExecutionProviderPlan Resolve(
        IReadOnlyList<ExecutionProviderKind> preferences, IReadOnlyCollection<string> availableProviders) =>
        Resolve(preferences, availableProviders, failures: null);

    /// <summary>
    /// Like <see cref="Resolve(IReadOnlyList{ExecutionProviderKind}, IReadOnlyCollection{string})"/>, but also
    /// adds each offered provider to throw-away session options, which reveals a provider the build offers
    /// but whose own libraries (CUDA, cuDNN, TensorRT) this machine lacks. Loads no model.
    /// </summary>
    public static ExecutionProviderPlan Probe(InferenceEnvironment environment, IReadOnlyList<ExecutionProviderKind> preferences)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(preferences);
        IReadOnlyList<string> available = environment.Runtime.AvailableProviders;
        var failures = new Dictionary<ExecutionProviderKind, string>();
        var defaults = new InferenceSessionOptions();
        foreach (ExecutionProviderKind kind in preferences)
        {
            if (kind != ExecutionProviderKind.Cpu && !failures.ContainsKey(kind) && Contains(available, ExecutionProviderNames.Of(kind))
                && InferenceSession.TryRegister(kind, defaults) is { } failure)
            {
                failures[kind] = failure;
            }
        }

        return Resolve(preferences, available, failures);
    }

    internal static ExecutionProviderPlan Resolve(
        IReadOnlyList<ExecutionProviderKind> preferences,
        IReadOnlyCollection<string> availableProviders,
        IReadOnlyDictionary<ExecutionProviderKind, string>? failures)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        ArgumentNullException.ThrowIfNull(availableProviders);

        var decisions = new List<ExecutionProviderDecision>(preferences.Count + 1);
        var toRegister = new List<ExecutionProviderKind>(preferences.Count);
        var seen = new HashSet<ExecutionProviderKind>();
        ExecutionProviderKind? selected = null;
        bool cpuReached = false;

        foreach (ExecutionProviderKind kind in preferences)
        {
            if (!seen.Add(kind))
            {
                decisions.Add(new(kind, ExecutionProviderStatus.NotNeeded, "listed more than once; the first entry counts"));
                continue;
            }

            if (cpuReached)
            {
                decisions.Add(new(kind, ExecutionProviderStatus.NotNeeded, "listed after CPU, which runs every node"));
                continue;
            }

            if (kind == ExecutionProviderKind.Cpu)
            {
                cpuReached = true;
                decisions.Add(selected is null
                    ? new(kind, ExecutionProviderStatus.Selected, DescribeCpuSelected(decisions))
                    : new(kind, ExecutionProviderStatus.Fallback, $"runs the nodes {selected} cannot"));
                selected ??= kind;
                continue;
            }

            if (!Contains(availableProviders, ExecutionProviderNames.Of(kind)))
            {
                decisions.Add(new(kind, ExecutionProviderStatus.Unavailable,
                    $"not offered by this ONNX Runtime build (it offers {Join(availableProviders)})"));
                continue;
            }

            if (failures is not null && failures.TryGetValue(kind, out string? failure))
            {
                decisions.Add(new(kind, ExecutionProviderStatus.Failed, failure));
                continue;
            }

            toRegister.Add(kind);
            if (selected is null)
            {
                selected = kind;
                decisions.Add(new(kind, ExecutionProviderStatus.Selected, "the first preferred provider this runtime offers"));
            }
            else
            {
                decisions.Add(new(kind, ExecutionProviderStatus.Fallback, $"registered after {selected} for the nodes it cannot run"));
            }
        }

        if (!cpuReached)
        {
            decisions.Add(selected is null
                ? new(ExecutionProviderKind.Cpu, ExecutionProviderStatus.Selected, DescribeCpuSelected(decisions))
                : new(ExecutionProviderKind.Cpu, ExecutionProviderStatus.Fallback, "runs the nodes no preferred provider can"));
        }

        return new ExecutionProviderPlan(selected ?? ExecutionProviderKind.Cpu, decisions, toRegister);
    }

    /// <summary>One line: the selected provider, then why each other one was or was not used.</summary>
    public override string ToString() =>
        Decisions.Count == 1 ? Selected.ToString() : $"{Selected} ({DescribeOthers()})";

    /// <summary>Why each provider other than the selected one was or was not used, in one line.</summary>
    public string DescribeOthers()
    {
        var text = new StringBuilder();
        foreach (ExecutionProviderDecision decision in Decisions)
        {
            if (decision.Status == ExecutionProviderStatus.Selected)
            {
                continue;
            }

            text.Append(text.Length == 0 ? string.Empty : "; ")
                .Append(decision.Provider).Append(": ").Append(decision.Status).Append(", ").Append(decision.Reason);
        }

        return text.Length == 0 ? "no other provider was preferred" : text.ToString();
    }

    private static string DescribeCpuSelected(List<ExecutionProviderDecision> before) =>
        before.Count == 0 ? "preferred (or no other provider was asked for)" : "every provider preferred before it was unavailable or failed";

    private static bool Contains(IReadOnlyCollection<string> names, string name)
    {
        foreach (string candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Join(IReadOnlyCollection<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
