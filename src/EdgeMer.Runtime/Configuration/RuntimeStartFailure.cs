using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Configuration;

/// <summary>Tells a start that failed on bad input (configuration, profile, models, keys, endpoints) from one that failed on a bug.</summary>
public static class RuntimeStartFailure
{
    /// <summary>
    /// The message for a start that failed on bad input: every problem, one per line, each naming
    /// its key, file or endpoint. False for anything else, which is a bug to report as it is.
    /// </summary>
    public static bool TryDescribe(Exception exception, out string message)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var lines = new List<string>();
        if (!Collect(exception, lines))
        {
            message = "";
            return false;
        }

        message = string.Join(Environment.NewLine, lines);
        return true;
    }

    private static bool Collect(Exception exception, List<string> lines)
    {
        switch (exception)
        {
            case RuntimeConfigurationException configuration:
                lines.Add(configuration.Message);
                return true;
            case OptionsValidationException validation:
                lines.AddRange(validation.Failures);
                return true;
            case AggregateException aggregate:
                foreach (Exception inner in aggregate.InnerExceptions)
                {
                    if (!Collect(inner, lines))
                    {
                        return false;
                    }
                }

                return aggregate.InnerExceptions.Count > 0;
            default:
                return false;
        }
    }
}
