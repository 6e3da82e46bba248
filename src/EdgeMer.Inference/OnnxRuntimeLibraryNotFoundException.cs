using System.Text;

namespace EdgeMer.Inference;

/// <summary>No usable ONNX Runtime library was found; lists every place that was tried and why each failed.</summary>
public sealed class OnnxRuntimeLibraryNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception from the places tried, each as "where: why it failed".</summary>
    public OnnxRuntimeLibraryNotFoundException(string requirement, IReadOnlyList<string> attempts)
        : base(Describe(requirement, attempts))
    {
        Attempts = attempts;
    }

    /// <summary>Each place tried, in order, as "where: why it failed".</summary>
    public IReadOnlyList<string> Attempts { get; }

    private static string Describe(string requirement, IReadOnlyList<string> attempts)
    {
        var text = new StringBuilder();
        text.Append("No usable ONNX Runtime library was found (EdgeMer needs ").Append(requirement).Append("). Places tried:");
        foreach (string attempt in attempts)
        {
            text.Append("\n  - ").Append(attempt);
        }

        text.Append("\nPut the library beside the edgemer executable or set ")
            .Append(OnnxRuntimeLibrarySearch.OverrideVariable)
            .Append(" to its file path.");
        return text.ToString();
    }
}
