using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Verification;

/// <summary>What <c>edgemer models verify</c> reports: each model's verification and whether all passed.</summary>
public sealed class VerificationReport
{
    public VerificationReport(IReadOnlyList<ModelVerification> models)
    {
        Models = models;
        bool passed = true;
        foreach (ModelVerification model in models)
        {
            passed &= model.Passed;
        }

        Passed = passed;
    }

    /// <summary>The largest scaled difference any output may have (<see cref="ModelVerifier.Tolerance"/>).</summary>
    public double Tolerance { get; } = ModelVerifier.Tolerance;

    /// <summary>Whether every model passed.</summary>
    public bool Passed { get; }

    public IReadOnlyList<ModelVerification> Models { get; }

    /// <summary>The report as the JSON document <c>edgemer models verify --json</c> prints.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, VerificationJsonContext.Default.VerificationReport);
}
