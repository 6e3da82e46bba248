namespace EdgeMer.Affect;

/// <summary>The range checks the domain's constructors share; messages name the value and its range.</summary>
internal static class Check
{
    internal static float Unit(float value, string name) => Range(value, 0f, 1f, name);

    internal static float? Unit(float? value, string name) => value is { } v ? Unit(v, name) : null;

    internal static float Signed(float value, string name) => Range(value, -1f, 1f, name);

    internal static float Range(float value, float min, float max, string name)
    {
        if (!float.IsFinite(value) || value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a number from {min} to {max}");
        }

        return value;
    }

    internal static float? Range(float? value, float min, float max, string name) => value is { } v ? Range(v, min, max, name) : null;

    internal static T Defined<T>(T value, string name)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is not a defined {typeof(T).Name}");
        }

        return value;
    }
}
