using System.Text.Json.Nodes;
using EdgeMer.Testing;

namespace EdgeMer.Runtime.Tests;

/// <summary>A configuration for <c>edgemer run</c> that uses the repository's profiles and built models, loopback endpoints and a state folder of the test's own.</summary>
internal static class TestConfig
{
    public static JsonObject Create(string stateDirectory) => new()
    {
        ["EdgeMer"] = new JsonObject
        {
            ["Profile"] = "x64-dev",
            ["Devices"] = Path.Combine(RepoPaths.Root, "devices"),
            ["Catalog"] = Path.Combine(RepoPaths.Root, "models"),
            ["ModelStore"] = Path.Combine(RepoPaths.Cache, "models"),
            ["Models"] = new JsonArray("emotion", "silero-vad"),
            ["HealthInterval"] = "00:00:00.1",
            ["StateDirectory"] = stateDirectory,
        },
        ["Messaging"] = new JsonObject
        {
            ["Publisher"] = new JsonObject { ["DeviceId"] = "test-device", ["Endpoints"] = new JsonArray("tcp://127.0.0.1:*") },
            ["Control"] = new JsonObject { ["Endpoint"] = "tcp://127.0.0.1:*" },
            ["Security"] = new JsonObject { ["ServerSecretKeyFile"] = "", ["ClientsDirectory"] = "" },
        },
        // The tests read what matters from replies and messages; the expected refusals need not flood the log.
        ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Critical" } },
    };

    /// <summary>Sets <paramref name="key"/> (<c>Section:Key</c>) in <paramref name="config"/> to <paramref name="json"/>, creating sections on the way.</summary>
    public static JsonObject With(this JsonObject config, string key, string json)
    {
        string[] path = key.Split(':');
        JsonObject parent = config;
        foreach (string part in path[..^1])
        {
            parent = parent[part] as JsonObject ?? (JsonObject)(parent[part] = new JsonObject());
        }

        parent[path[^1]] = JsonNode.Parse(json);
        return config;
    }

    /// <summary>Removes <paramref name="key"/> (<c>Section:Key</c>) from <paramref name="config"/>.</summary>
    public static JsonObject Without(this JsonObject config, string key)
    {
        string[] path = key.Split(':');
        JsonObject parent = config;
        foreach (string part in path[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        parent.Remove(path[^1]);
        return config;
    }
}
