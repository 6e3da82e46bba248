using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;

namespace EdgeMer.Runtime.Configuration;

/// <summary>
/// Checks a configuration section against the options type it binds to, before it is bound: every
/// key must be a property of that type (a typo is an error that names the key and suggests the
/// nearest known one, instead of silently leaving the default), a list must be a list and a value a
/// value, and every value must convert to its property's type. The shape comes from the options
/// types' source-generated JSON metadata (<see cref="OptionsShapeJsonContext"/>), so it is always
/// the shape of the types themselves and needs no reflection (Native AOT).
/// </summary>
public static class ConfigurationShape
{
    /// <summary>
    /// The problems in <paramref name="section"/> as the options type <paramref name="shape"/>
    /// reads it: one message per problem, each naming the full key.
    /// </summary>
    public static IReadOnlyList<string> Check(IConfigurationSection section, JsonTypeInfo shape)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(shape);
        var problems = new List<string>();
        CheckNode(section, shape, problems);
        return problems;
    }

    /// <summary>
    /// The problems at the top of <paramref name="configuration"/>: keys that belong to no known
    /// section (<paramref name="knownKeys"/>, full paths such as <c>Messaging:Publisher</c>).
    /// Sections named in <paramref name="freeForm"/> (<c>Logging</c>) are not looked into.
    /// </summary>
    public static IReadOnlyList<string> CheckSections(IConfiguration configuration, IReadOnlyCollection<string> knownKeys, IReadOnlyCollection<string> freeForm)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        CheckSectionsBelow(configuration, prefix: null, knownKeys, freeForm, problems);
        return problems;
    }

    private static void CheckSectionsBelow(IConfiguration node, string? prefix, IReadOnlyCollection<string> knownKeys, IReadOnlyCollection<string> freeForm, List<string> problems)
    {
        foreach (IConfigurationSection child in node.GetChildren())
        {
            string path = prefix is null ? child.Key : $"{prefix}:{child.Key}";
            if (Contains(freeForm, path) || Contains(knownKeys, path))
            {
                continue;
            }

            if (IsPrefixOfAny(knownKeys, path))
            {
                CheckSectionsBelow(child, path, knownKeys, freeForm, problems);
                continue;
            }

            problems.Add(Unknown(path, Nearest(path, [.. knownKeys, .. freeForm])));
        }
    }

    private static void CheckNode(IConfigurationSection section, JsonTypeInfo shape, List<string> problems)
    {
        switch (shape.Kind)
        {
            case JsonTypeInfoKind.Object:
                if (section.Value is { Length: > 0 } value && !section.GetChildren().Any())
                {
                    problems.Add($"{section.Path} is the value '{value}', but it is a section with keys of its own ({string.Join(", ", Names(shape))})");
                    return;
                }

                foreach (IConfigurationSection child in section.GetChildren())
                {
                    JsonPropertyInfo? property = Find(shape, child.Key);
                    if (property is null)
                    {
                        problems.Add(Unknown(child.Path, Nearest(child.Key, Names(shape)) is { } near ? $"{section.Path}:{near}" : null));
                        continue;
                    }

                    CheckNode(child, shape.Options.GetTypeInfo(property.PropertyType), problems);
                }

                return;

            case JsonTypeInfoKind.Enumerable:
                if (section.Value is { Length: > 0 })
                {
                    // A bound list ignores a plain value, so "Models": "emotion" would read as "no models".
                    // (An empty value is how the JSON provider writes an empty list.)
                    problems.Add($"{section.Path} must be a list (for example [\"{section.Value}\"]), not the value '{section.Value}'");
                    return;
                }

                JsonTypeInfo element = shape.Options.GetTypeInfo(shape.ElementType!);
                foreach (IConfigurationSection child in section.GetChildren())
                {
                    if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    {
                        problems.Add($"{child.Path} is not an item of the list {section.Path} (list items are numbered 0, 1, 2, ...)");
                        continue;
                    }

                    CheckNode(child, element, problems);
                }

                return;

            default:
                if (section.GetChildren().Any())
                {
                    problems.Add($"{section.Path} must be a single value ({Describe(shape.Type)}), not a section or a list");
                    return;
                }

                if (section.Value is { } text && !Converts(text, shape.Type))
                {
                    problems.Add($"{section.Path} is '{text}', which is not {Describe(shape.Type)}");
                }

                return;
        }
    }

    /// <summary>Whether the binder can convert <paramref name="text"/> to <paramref name="type"/>, checked with the parsing it uses (invariant culture).</summary>
    private static bool Converts(string text, Type type)
    {
        Type target = Nullable.GetUnderlyingType(type) ?? type;
        if (target != typeof(string) && text.Length == 0)
        {
            // An empty value leaves a non-string property at its default.
            return true;
        }

        return target == typeof(string)
            || (target == typeof(int) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            || (target == typeof(long) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            || (target == typeof(double) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            || (target == typeof(float) && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            || (target == typeof(bool) && bool.TryParse(text, out _))
            || (target == typeof(TimeSpan) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _));
    }

    private static string Describe(Type type)
    {
        Type target = Nullable.GetUnderlyingType(type) ?? type;
        return target == typeof(int) || target == typeof(long) ? "a whole number"
            : target == typeof(double) || target == typeof(float) ? "a number"
            : target == typeof(bool) ? "true or false"
            : target == typeof(TimeSpan) ? "a time span such as 00:00:05"
            : "text";
    }

    private static string Unknown(string path, string? nearest) =>
        nearest is null
            ? $"{path} is not a setting EdgeMer knows"
            : $"{path} is not a setting EdgeMer knows; did you mean {nearest}?";

    private static JsonPropertyInfo? Find(JsonTypeInfo shape, string key)
    {
        foreach (JsonPropertyInfo property in shape.Properties)
        {
            // Configuration keys are case-insensitive, as the binder reads them.
            if (string.Equals(property.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                return property;
            }
        }

        return null;
    }

    private static List<string> Names(JsonTypeInfo shape)
    {
        var names = new List<string>(shape.Properties.Count);
        foreach (JsonPropertyInfo property in shape.Properties)
        {
            names.Add(property.Name);
        }

        return names;
    }

    private static bool Contains(IReadOnlyCollection<string> keys, string path)
    {
        foreach (string key in keys)
        {
            if (string.Equals(key, path, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPrefixOfAny(IReadOnlyCollection<string> keys, string path)
    {
        foreach (string key in keys)
        {
            if (key.Length > path.Length && key[path.Length] == ':' && key.StartsWith(path, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The candidate closest to <paramref name="key"/> by edit distance, if it is close enough to be a typo.</summary>
    private static string? Nearest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = EditDistance(key.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // A third of the key's length in edits still reads as a typo; more is a different word.
        return best is not null && bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
