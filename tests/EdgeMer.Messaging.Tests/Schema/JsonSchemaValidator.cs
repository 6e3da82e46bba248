using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeMer.Messaging.Tests.Schema;

/// <summary>
/// A JSON Schema (draft 2020-12) validator for the keywords EdgeMer's schemas use. It refuses a
/// schema with any other keyword, so the schemas cannot drift into constructs it does not check.
/// Python's jsonschema (Debian python3-jsonschema) checks the same schemas independently.
/// </summary>
public sealed class JsonSchemaValidator
{
    private static readonly HashSet<string> s_known =
    [
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties", "required",
        "additionalProperties", "const", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern",
        "format", "items", "maxItems", "oneOf", "allOf", "if", "then",
    ];

    private readonly JsonElement _root;

    private JsonSchemaValidator(JsonElement root)
    {
        _root = root;
        CheckKeywords(root, "#");
    }

    /// <summary>Loads a schema file from <c>docs/schema/</c>.</summary>
    public static JsonSchemaValidator Load(string path) =>
        new(JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone());

    /// <summary>Validates <paramref name="json"/> against the root, or against <c>#/$defs/<paramref name="definition"/></c>.</summary>
    public IReadOnlyList<string> Validate(string json, string? definition = null)
    {
        var errors = new List<string>();
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement schema = definition is null ? _root : Resolve($"#/$defs/{definition}");
        Check(document.RootElement, schema, "$", errors);
        return errors;
    }

    private static void CheckKeywords(JsonElement schema, string path)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            if (!s_known.Contains(keyword.Name))
            {
                throw new NotSupportedException($"schema keyword {keyword.Name} at {path} is not supported by the test validator");
            }

            switch (keyword.Name)
            {
                case "$defs":
                case "properties":
                    foreach (JsonProperty child in keyword.Value.EnumerateObject())
                    {
                        CheckKeywords(child.Value, $"{path}/{keyword.Name}/{child.Name}");
                    }

                    break;
                case "items":
                case "additionalProperties":
                case "if":
                case "then":
                    CheckKeywords(keyword.Value, $"{path}/{keyword.Name}");
                    break;
                case "oneOf":
                case "allOf":
                    int i = 0;
                    foreach (JsonElement child in keyword.Value.EnumerateArray())
                    {
                        CheckKeywords(child, $"{path}/{keyword.Name}/{i++}");
                    }

                    break;
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"only local $refs are supported, not {reference}");
        }

        JsonElement current = _root;
        foreach (string part in reference[2..].Split('/'))
        {
            current = current.GetProperty(part);
        }

        return current;
    }

    private void Check(JsonElement value, JsonElement schema, string at, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{at}: not allowed");
            return;
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            Check(value, Resolve(reference.GetString()!), at, errors);
        }

        if (schema.TryGetProperty("oneOf", out JsonElement oneOf))
        {
            int matches = 0;
            var all = new List<string>();
            foreach (JsonElement option in oneOf.EnumerateArray())
            {
                var optionErrors = new List<string>();
                Check(value, option, at, optionErrors);
                if (optionErrors.Count == 0)
                {
                    matches++;
                }

                all.AddRange(optionErrors);
            }

            if (matches != 1)
            {
                errors.Add($"{at}: matches {matches} of the oneOf alternatives; {string.Join("; ", all)}");
            }
        }

        if (schema.TryGetProperty("allOf", out JsonElement allOf))
        {
            foreach (JsonElement part in allOf.EnumerateArray())
            {
                Check(value, part, at, errors);
            }
        }

        // if/then: where the value matches "if", it must match "then" too (draft 2020-12; no "else" is used).
        if (schema.TryGetProperty("if", out JsonElement condition) && schema.TryGetProperty("then", out JsonElement consequence))
        {
            var conditionErrors = new List<string>();
            Check(value, condition, at, conditionErrors);
            if (conditionErrors.Count == 0)
            {
                Check(value, consequence, at, errors);
            }
        }

        if (schema.TryGetProperty("type", out JsonElement type) && !TypeMatches(value, type))
        {
            errors.Add($"{at}: {value.ValueKind} is not of type {type}");
            return;
        }

        if (schema.TryGetProperty("const", out JsonElement constant) && !JsonElement.DeepEquals(value, constant))
        {
            errors.Add($"{at}: {value} is not {constant}");
        }

        if (schema.TryGetProperty("enum", out JsonElement choices))
        {
            bool found = false;
            foreach (JsonElement choice in choices.EnumerateArray())
            {
                found |= JsonElement.DeepEquals(value, choice);
            }

            if (!found)
            {
                errors.Add($"{at}: {value} is not one of {choices}");
            }
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                double number = value.GetDouble();
                if (schema.TryGetProperty("minimum", out JsonElement min) && number < min.GetDouble())
                {
                    errors.Add($"{at}: {number} < minimum {min}");
                }

                if (schema.TryGetProperty("maximum", out JsonElement max) && number > max.GetDouble())
                {
                    errors.Add($"{at}: {number} > maximum {max}");
                }

                break;
            case JsonValueKind.String:
                string text = value.GetString()!;
                if (schema.TryGetProperty("minLength", out JsonElement minLength) && text.Length < minLength.GetInt32())
                {
                    errors.Add($"{at}: shorter than {minLength}");
                }

                if (schema.TryGetProperty("maxLength", out JsonElement maxLength) && text.Length > maxLength.GetInt32())
                {
                    errors.Add($"{at}: longer than {maxLength}");
                }

                if (schema.TryGetProperty("pattern", out JsonElement pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    errors.Add($"{at}: '{text}' does not match {pattern}");
                }

                if (schema.TryGetProperty("format", out JsonElement format) && format.GetString() == "date-time"
                    && !DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    && !DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                {
                    errors.Add($"{at}: '{text}' is not an RFC 3339 date-time");
                }

                break;
            case JsonValueKind.Array:
                if (schema.TryGetProperty("maxItems", out JsonElement maxItems) && value.GetArrayLength() > maxItems.GetInt32())
                {
                    errors.Add($"{at}: more than {maxItems} items");
                }

                if (schema.TryGetProperty("items", out JsonElement items))
                {
                    int index = 0;
                    foreach (JsonElement item in value.EnumerateArray())
                    {
                        Check(item, items, $"{at}[{index++}]", errors);
                    }
                }

                break;
            case JsonValueKind.Object:
                CheckObject(value, schema, at, errors);
                break;
        }
    }

    private void CheckObject(JsonElement value, JsonElement schema, string at, List<string> errors)
    {
        if (schema.TryGetProperty("required", out JsonElement required))
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                if (!value.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{at}: missing required property {name}");
                }
            }
        }

        schema.TryGetProperty("properties", out JsonElement properties);
        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out JsonElement propertySchema))
            {
                Check(property.Value, propertySchema, $"{at}.{property.Name}", errors);
            }
            else if (schema.TryGetProperty("additionalProperties", out JsonElement additional))
            {
                Check(property.Value, additional, $"{at}.{property.Name}", errors);
            }
        }
    }

    private static bool TypeMatches(JsonElement value, JsonElement type)
    {
        if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement one in type.EnumerateArray())
            {
                if (TypeMatches(value, one))
                {
                    return true;
                }
            }

            return false;
        }

        return type.GetString() switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            "number" => value.ValueKind == JsonValueKind.Number,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            string other => throw new NotSupportedException($"type {other}"),
            null => throw new NotSupportedException("type null"),
        };
    }
}
