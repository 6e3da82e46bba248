namespace EdgeMer.Messaging.Wire;

/// <summary>
/// The checks every wire value passes at construction, so a message that exists is a message the
/// schema accepts. Messages name the field and the allowed range.
/// </summary>
internal static class WireCheck
{
    internal static float Unit(float value, string field) => Range(value, 0f, 1f, field);

    internal static float Signed(float value, string field) => Range(value, -1f, 1f, field);

    internal static float? Unit(float? value, string field) => value is { } v ? Unit(v, field) : null;

    internal static float Range(float value, float min, float max, string field)
    {
        if (!float.IsFinite(value) || value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field} must be a number from {min} to {max}");
        }

        return value;
    }

    internal static float NonNegative(float value, float max, string field) => Range(value, 0f, max, field);

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

    internal static T Defined<T>(T value, string field)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field} is not a defined {typeof(T).Name}");
        }

        return value;
    }

    internal static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();
}
