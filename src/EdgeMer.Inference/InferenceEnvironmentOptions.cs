using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference;

/// <summary>How the process-wide ONNX Runtime environment is created.</summary>
public sealed class InferenceEnvironmentOptions
{
    /// <summary>The least severe ONNX Runtime message that is logged (sessions may ask for more).</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    /// <summary>The identifier ONNX Runtime puts on environment-level log messages.</summary>
    public string LogId { get; set; } = "edgemer";

    /// <summary>Shared thread pools for sessions that opt in; null creates none.</summary>
    public GlobalThreadPoolOptions? GlobalThreadPools { get; set; }

    /// <summary>Every problem with these options, each naming the key, the value and what is allowed; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (LogLevel < LogLevel.Trace || LogLevel >= LogLevel.None)
        {
            problems.Add($"LogLevel is {LogLevel}; allowed: Trace, Debug, Information, Warning, Error, Critical");
        }

        if (string.IsNullOrWhiteSpace(LogId))
        {
            problems.Add("LogId is blank; allowed: a non-empty identifier");
        }

        GlobalThreadPools?.Validate(nameof(GlobalThreadPools), problems);
        return problems;
    }
}
