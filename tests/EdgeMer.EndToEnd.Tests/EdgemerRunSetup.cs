using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.EndToEnd.Tests;

/// <summary>
/// <c>edgemer run</c> as built by the solution, sensing the sample clip and speech in a loop,
/// publishing on a loopback port the kernel picks (it logs which), with its control socket on ipc in
/// the test's folder.
/// </summary>
/// <param name="Arguments">What to run with dotnet: the edgemer assembly, <c>run</c> and the configuration.</param>
internal sealed record EdgemerRunSetup(IReadOnlyList<string> Arguments)
{
    /// <param name="directory">The test's folder: the configuration and the service's state go in it.</param>
    /// <param name="fleet">A model update folder (<c>Fleet:Directory</c>) to turn updates on; null for none.</param>
    public static EdgemerRunSetup Write(string directory, string? fleet = null)
    {
        string edgemer = Edgemer;
        string state = Directory.CreateDirectory(Path.Combine(directory, "state")).FullName;
        File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string config = Path.Combine(directory, "edgemer.json");
        File.WriteAllText(config, $$"""
            {
              "EdgeMer": { "Profile": "x64-dev", "Devices": {{Quote(Path.Combine(RepoPaths.Root, "devices"))}}, "Catalog": {{Quote(Path.Combine(RepoPaths.Root, "models"))}},
                           "ModelStore": {{Quote(Path.Combine(RepoPaths.Cache, "models"))}}, "Models": ["emotion"], "HealthInterval": "00:00:00.5", "StateDirectory": {{Quote(state)}} },
              "Messaging": { "Publisher": { "DeviceId": "proof", "Endpoints": ["tcp://127.0.0.1:*"] }, "Control": { "Endpoint": {{Quote($"ipc://{state}/control")}} } },
              "Sensing": { "Video": {{Quote(Path.Combine(RepoPaths.Root, "models", "sample-media", "faces-640x480.mp4"))}}, "Audio": {{Quote(Path.Combine(RepoPaths.Root, "models", "sample-media", "speech.wav"))}},
                           "Loop": true, "SummaryInterval": "00:00:00.2" },
              {{(fleet is null ? string.Empty : $"\"Fleet\": {{ \"Directory\": {Quote(fleet)}, \"PollInterval\": \"00:00:00.1\" }},")}}
              "Logging": { "LogLevel": { "Default": "Information" } }
            }
            """);
        return new EdgemerRunSetup([edgemer, "run", "--config", config]);
    }

    /// <summary>The edgemer assembly the solution built in the configuration the tests run in.</summary>
    public static string Edgemer => Path.Combine(RepoPaths.Root, "src", "EdgeMer.Host", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "edgemer.dll");

    /// <summary>Runs <c>edgemer</c> with <paramref name="arguments"/>; fails the test, with its output, unless it exits 0.</summary>
    public static ExternalProgramResult Cli(params string[] arguments)
    {
        ExternalProgramResult result = ExternalProgram.Run(TestPrograms.Dotnet, [Edgemer, .. arguments], TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, $"edgemer {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
        return result;
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);
}
