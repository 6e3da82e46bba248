namespace EdgeMer.Inference;

// Who is at fault when a session could not be created with several execution providers registered:
// ONNX Runtime's error does not say which provider (if any) raised it.
internal static class SessionFailures
{
    /// <summary>
    /// Attributes <paramref name="failure"/>, raised creating a session with <paramref name="registered"/>
    /// ahead of CPU, using <paramref name="tryCreate"/> (null when a session with only the given
    /// providers ahead of CPU can be created, else its error). Returns null when the model is at
    /// fault: it fails on CPU alone too. Otherwise each provider that fails on its own is blamed with
    /// its own error; when each works alone but not together, the last of them is blamed, so the
    /// next attempt drops it and keeps the ones preferred before it.
    /// </summary>
    public static IReadOnlyDictionary<ExecutionProviderKind, string>? Attribute(
        IReadOnlyList<ExecutionProviderKind> registered,
        OnnxRuntimeException failure,
        Func<IReadOnlyList<ExecutionProviderKind>, OnnxRuntimeException?> tryCreate)
    {
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(tryCreate);
        if (registered.Count == 0 || tryCreate([]) is not null)
        {
            return null;
        }

        var blamed = new Dictionary<ExecutionProviderKind, string>();
        foreach (ExecutionProviderKind kind in registered)
        {
            if (tryCreate([kind]) is { } alone)
            {
                blamed[kind] = $"creating the session with it failed: {OneLine(alone.NativeMessage)}";
            }
        }

        if (blamed.Count == 0)
        {
            ExecutionProviderKind last = registered[^1];
            var others = new List<string>(registered.Count - 1);
            for (int i = 0; i < registered.Count - 1; i++)
            {
                others.Add(registered[i].ToString());
            }

            blamed[last] = others.Count == 0
                ? $"creating the session with it failed: {OneLine(failure.NativeMessage)}"
                : $"creating the session with it behind {string.Join(", ", others)} failed (each works alone): {OneLine(failure.NativeMessage)}";
        }

        return blamed;
    }

    // Native messages may span lines (loader errors do); a decision is one log line.
    public static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
