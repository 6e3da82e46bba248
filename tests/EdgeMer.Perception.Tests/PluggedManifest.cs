using System.Security.Cryptography;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Tests;

/// <summary>The manifest of a tiny three-label classifier a test builds and plugs in (with the licence text it names).</summary>
internal static class PluggedManifest
{
    /// <param name="folder">Where the manifest and its licence go.</param>
    /// <param name="id">The model's id.</param>
    /// <param name="onnx">The model's bytes (their sha256 is the source's).</param>
    /// <param name="title">What the model is.</param>
    /// <param name="task">The manifest's task.</param>
    /// <param name="modality">The manifest's modality.</param>
    /// <param name="package">The (made-up) package it comes from.</param>
    /// <param name="input">The input's JSON object.</param>
    public static ModelDescription Write(string folder, string id, byte[] onnx, string title, string task, string modality, string package, string input)
    {
        Directory.CreateDirectory(Path.Combine(folder, "licenses"));
        File.WriteAllText(Path.Combine(folder, "licenses", "LICENSE.txt"), "a licence text");
        string sha = Convert.ToHexStringLower(SHA256.HashData(onnx));
        string manifest = Path.Combine(folder, id + ".json");
        File.WriteAllText(manifest, $$"""
            {
              "id": "{{id}}", "title": "{{title}}", "task": "{{task}}", "modality": "{{modality}}",
              "license": { "name": "MIT", "files": ["licenses/LICENSE.txt"] },
              "source": { "format": "onnx", "npmPackage": "{{package}}", "version": "1.0.0", "packageSha256": "{{sha}}", "path": "model.onnx", "sha256": "{{sha}}" },
              "inputs": [ {{input}} ],
              "outputs": [ { "name": "probabilities", "shape": ["batch", 3], "dtype": "float32", "meaning": "Softmax over the labels." } ],
              "labels": ["calm", "tense", "low"],
              "emotionMapping": { "calm": "neutral", "tense": "angry", "low": "sad" },
              "valenceArousal": { "source": "The face model's anchors.", "anchors": {
                "neutral": { "valence": 0.0, "arousal": 0.0 }, "angry": { "valence": -0.6, "arousal": 0.7 }, "sad": { "valence": -0.7, "arousal": -0.4 } } },
              "variants": [ { "name": "fp32", "status": "available" } ],
              "verification": { "method": "tfjs", "randomInputs": 1 }
            }
            """);
        return ModelCatalog.LoadManifest(manifest);
    }
}
