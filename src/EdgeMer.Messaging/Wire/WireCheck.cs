using EdgeMer.Affect;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// The checks of the wire's own values (identifiers, health figures) at construction; the emotion
/// values are checked by the domain types they wrap. A message that exists is a message the schema
/// accepts. Messages name the field and the allowed range.
/// </summary>
internal static class WireCheck
{
    internal static float NonNegative(float value, float max, string field)
    {
        if (!float.IsFinite(value) || value < 0 || value > max)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field} must be a number from 0 to {max}");
        }

        return value;
    }

    /// <summary>
    /// A short identifier: 1 to <paramref name="maxLength"/> of [A-Za-z0-9._+-], starting with a letter
    /// or digit. Identifiers are the only strings on the wire, and this shape cannot carry free text.
    /// </summary>
    internal static string Token(string? value, int maxLength, string field)
    {
        if (!IsToken(value, maxLength))
        {
            throw new ArgumentException(
                $"{field} must be 1 to {maxLength} characters of letters, digits, '.', '_', '+' or '-', starting with a letter or digit; got '{value}'",
                field);
        }

        return value!;
    }

    internal static bool IsToken(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength || !char.IsAsciiLetterOrDigit(value[0]))
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    internal static Affect.Purpose Purpose(string? name) =>
        Purposes.TryParse(name, out Affect.Purpose purpose)
            ? purpose
            : throw new ArgumentException($"purpose is '{name}'; allowed: {string.Join(", ", Purposes.Names.ToArray())}", nameof(name));

    internal static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();
}
