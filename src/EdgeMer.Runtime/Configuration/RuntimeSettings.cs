using System.Text.Json.Serialization.Metadata;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Runtime.Sensing;
using EdgeMer.Runtime.Updates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Configuration;

/// <summary>
/// Every component's options, read from one configuration: shape checked, bound and validated by the
/// same checks the start runs (<see cref="RuntimeServiceCollectionExtensions.AddEdgeMer"/>), so a
/// reload accepts exactly what a start would.
/// </summary>
public sealed record RuntimeSettings(
    RuntimeOptions Runtime,
    SummaryPublisherOptions Publisher,
    ControlServerOptions Control,
    EgressSecurityOptions Security,
    SensingOptions Sensing,
    FusionSettings Fusion)
{
    /// <summary>The configuration's top-level sections EdgeMer reads; <c>Logging</c> is read by the logging framework as it is.</summary>
    internal static readonly string[] Sections =
        [RuntimeOptions.Section, SummaryPublisherOptions.Section, ControlServerOptions.Section, EgressSecurityOptions.Section, SensingOptions.Section, FusionSettings.Section, FleetOptions.Section];

    // Logging is read by the logging framework as it is; the others are the host's own settings
    // (HostDefaults), which it puts into configuration itself.
    private static readonly string[] s_freeForm = ["Logging", HostDefaults.ContentRootKey, HostDefaults.ApplicationKey, HostDefaults.EnvironmentKey];

    /// <summary>
    /// Reads and checks every component's options from <paramref name="configuration"/>; throws
    /// <see cref="OptionsValidationException"/> listing every problem, each naming its key.
    /// </summary>
    public static RuntimeSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>(ShapeProblems(configuration));
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RuntimeSettings), failures);
        }

        var runtime = new RuntimeOptions();
        configuration.GetSection(RuntimeOptions.Section).Bind(runtime);
        var publisher = new SummaryPublisherOptions();
        configuration.GetSection(SummaryPublisherOptions.Section).Bind(publisher);
        var control = new ControlServerOptions();
        configuration.GetSection(ControlServerOptions.Section).Bind(control);
        ApplyDefaults(control);
        var security = new EgressSecurityOptions();
        configuration.GetSection(EgressSecurityOptions.Section).Bind(security);

        Collect(failures, new RuntimeOptionsValidator().Validate(null, runtime));
        Collect(failures, new SummaryPublisherOptionsValidator().Validate(null, publisher));
        Collect(failures, new ControlServerOptionsValidator().Validate(null, control));
        Collect(failures, new EgressSecurityOptionsValidator().Validate(null, security));
        Collect(failures, EgressEndpointsValidator.Check(publisher, control));
        var sensing = new SensingOptions();
        configuration.GetSection(SensingOptions.Section).Bind(sensing);
        Collect(failures, new SensingOptionsValidator().Validate(null, sensing));
        var fusion = new FusionSettings();
        configuration.GetSection(FusionSettings.Section).Bind(fusion);
        Collect(failures, new FusionSettingsValidator().Validate(null, fusion));
        var fleet = new FleetOptions();
        configuration.GetSection(FleetOptions.Section).Bind(fleet);
        Collect(failures, new FleetOptionsValidator().Validate(null, fleet));
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RuntimeSettings), failures);
        }

        return new RuntimeSettings(runtime, publisher, control, security, sensing, fusion);
    }

    /// <summary>The shape problems of the whole configuration: unknown sections and every known section against its options type.</summary>
    internal static IReadOnlyList<string> ShapeProblems(IConfiguration configuration)
    {
        var problems = new List<string>(TopLevelProblems(configuration));
        for (int i = 0; i < Sections.Length; i++)
        {
            problems.AddRange(SectionProblems(configuration, Sections[i]));
        }

        return problems;
    }

    /// <summary>Keys outside every section EdgeMer reads (a misspelled section, which would otherwise be ignored whole).</summary>
    internal static IReadOnlyList<string> TopLevelProblems(IConfiguration configuration) =>
        ConfigurationShape.CheckSections(configuration, Sections, s_freeForm);

    /// <summary>The shape problems of one known section.</summary>
    internal static IReadOnlyList<string> SectionProblems(IConfiguration configuration, string section) =>
        ConfigurationShape.Check(configuration.GetSection(section), ShapeOf(section));

    /// <summary>The control socket on an endpoint only this user can reach, where none is configured.</summary>
    internal static void ApplyDefaults(ControlServerOptions control)
    {
        if (string.IsNullOrEmpty(control.Endpoint))
        {
            control.Endpoint = "ipc://" + Path.Combine(RuntimeDirectories.PrivateRuntimeDirectory(), "control");
        }
    }

    private static JsonTypeInfo ShapeOf(string section) => section switch
    {
        RuntimeOptions.Section => OptionsShapeJsonContext.Default.RuntimeOptions,
        SummaryPublisherOptions.Section => OptionsShapeJsonContext.Default.SummaryPublisherOptions,
        ControlServerOptions.Section => OptionsShapeJsonContext.Default.ControlServerOptions,
        EgressSecurityOptions.Section => OptionsShapeJsonContext.Default.EgressSecurityOptions,
        SensingOptions.Section => OptionsShapeJsonContext.Default.SensingOptions,
        FusionSettings.Section => OptionsShapeJsonContext.Default.FusionSettings,
        FleetOptions.Section => OptionsShapeJsonContext.Default.FleetOptions,
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "not a section EdgeMer reads"),
    };

    private static void Collect(List<string> failures, ValidateOptionsResult result)
    {
        if (result.Failed)
        {
            failures.AddRange(result.Failures);
        }
    }
}
