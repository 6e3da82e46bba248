namespace EdgeMer.Quantization.Calibration;

/// <summary>The names recipes and reports use for <see cref="CalibrationMethod"/>.</summary>
public static class CalibrationMethods
{
    public static IReadOnlyList<string> Names { get; } = ["minmax", "percentile", "entropy"];

    public static string Name(CalibrationMethod method) => method switch
    {
        CalibrationMethod.MinMax => "minmax",
        CalibrationMethod.Percentile => "percentile",
        CalibrationMethod.Entropy => "entropy",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    public static bool TryParse(string? name, out CalibrationMethod method)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                method = (CalibrationMethod)i;
                return true;
            }
        }

        method = default;
        return false;
    }
}
