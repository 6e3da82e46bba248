using System.Text.Json;

namespace EdgeMer.Quantization.Recipes;

/// <summary>
/// Reading a recipe file (quantization or pruning) as JSON: every error names the file and the key,
/// as <c>source: 'key' ...</c>, so that both kinds of recipe report their mistakes alike.
/// </summary>
internal static class RecipeJson
{
    /// <summary>The file's bytes; an error naming the file (as <paramref name="kind"/>, e.g. <c>pruning recipe</c>) when it cannot be read.</summary>
    public static byte[] ReadFile(string path, string kind)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new QuantizationRecipeException($"cannot read {kind} {path}: {e.Message}", e);
        }
    }

    /// <summary>The parsed document (comments are not allowed); an error naming the source when it is not valid JSON.</summary>
    public static JsonDocument Parse(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            return JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw new QuantizationRecipeException($"{source}: not valid JSON: {e.Message}", e);
        }
    }

    public static void CheckKeys(JsonElement element, string[] allowed, string source, string prefix)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                throw new QuantizationRecipeException($"{source}: unknown key '{prefix}{property.Name}'; allowed: {string.Join(", ", allowed)}");
            }
        }
    }

    public static string RequiredString(JsonElement element, string key, string source, string prefix) =>
        OptionalString(element, key, source, prefix)
        ?? throw new QuantizationRecipeException($"{source}: '{prefix}{key}' is missing");

    public static string? OptionalString(JsonElement element, string key, string source, string prefix)
    {
        if (!element.TryGetProperty(key, out JsonElement value))
        {
            return null;
        }

        Expect(value, JsonValueKind.String, source, prefix + key);
        string text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new QuantizationRecipeException($"{source}: '{prefix}{key}' is empty");
        }

        return text;
    }

    public static void Expect(JsonElement element, JsonValueKind kind, string source, string key)
    {
        if (element.ValueKind != kind)
        {
            throw new QuantizationRecipeException($"{source}: '{key}' must be {Describe(kind)}, not {Describe(element.ValueKind)}");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
