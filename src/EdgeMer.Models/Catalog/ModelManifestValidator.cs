using System.Text.Json;
using EdgeMer.Affect;
using EdgeMer.Platform;

namespace EdgeMer.Models.Catalog;

/// <summary>Checks a manifest field by field; the first problem becomes an error naming the manifest and the field.</summary>
internal static class ModelManifestValidator
{
    private static readonly string[] s_formats = ["tfjs-graph", "onnx"];
    private static readonly string[] s_layouts = ["NHWC", "NCHW", "NT", "NCTVM", "none"];
    private static readonly string[] s_dtypes = ["float32", "int32", "int64"];
    private static readonly string[] s_colorOrders = ["rgb", "bgr", "grayscale", "none"];
    private static readonly string[] s_contents = ["face-crop", "frame", "audio-16k", "log-mel-16k", "joints-coco17", "state", "sample-rate"];
    private static readonly string[] s_variantNames = ["fp32", "int8", "pruned"];
    private static readonly string[] s_variantStatuses = ["available", "planned"];
    private static readonly string[] s_methods = ["tfjs", "vad-web"];

    public static void Validate(ModelManifest manifest, string path)
    {
        string expectedId = System.IO.Path.GetFileNameWithoutExtension(path);
        Require(path, "id", manifest.Id);
        if (manifest.Id != expectedId)
        {
            throw new ModelManifestException(path, "id", $"'{manifest.Id}' must equal the file name '{expectedId}'");
        }

        Require(path, "title", manifest.Title);
        OneOf(path, "task", manifest.Task, [.. ModelDescription.TaskNames]);
        OneOf(path, "modality", manifest.Modality, ["face", "voice", "body"]);
        ValidateLicense(manifest, path);

        ManifestSource source = manifest.Source ?? throw new ModelManifestException(path, "source", "is missing");
        OneOf(path, "source.format", source.Format, s_formats);
        Require(path, "source.npmPackage", source.NpmPackage);
        Require(path, "source.version", source.Version);
        Sha(path, "source.packageSha256", source.PackageSha256);
        RelativePath(path, "source.path", source.Path);
        Sha(path, "source.sha256", source.Sha256);
        for (int i = 0; i < (source.Files?.Count ?? 0); i++)
        {
            RelativePath(path, $"source.files[{i}].path", source.Files![i].Path);
            Sha(path, $"source.files[{i}].sha256", source.Files[i].Sha256);
        }

        if (manifest.Inputs is not { Count: > 0 } inputs)
        {
            throw new ModelManifestException(path, "inputs", "must list at least one input");
        }

        for (int i = 0; i < inputs.Count; i++)
        {
            ManifestInput input = inputs[i];
            string at = $"inputs[{i}]";
            Require(path, at + ".name", input.Name);
            Shape(path, at + ".shape", input.Shape);
            OneOf(path, at + ".layout", input.Layout, s_layouts);
            OneOf(path, at + ".dtype", input.Dtype, s_dtypes);
            OneOf(path, at + ".colorOrder", input.ColorOrder, s_colorOrders);
            OneOf(path, at + ".content", input.Content, s_contents);
            if (input.Normalization is not { Scale: not null, Offset: not null, Description.Length: > 0 })
            {
                throw new ModelManifestException(path, at + ".normalization", "needs scale, offset and description (value = sample * scale + offset)");
            }

            if (input.Layout is "NHWC" or "NCHW" && input.Shape!.Count != 4)
            {
                throw new ModelManifestException(path, at + ".shape", $"an {input.Layout} input has four dimensions");
            }

            if (input.Layout is "NHWC" or "NCHW" && input.Shape!.Skip(1).Any(d => d.ValueKind != JsonValueKind.Number))
            {
                throw new ModelManifestException(path, at + ".shape", $"an {input.Layout} input has a fixed height, width and channel count; only the first dimension may be \"batch\"");
            }

            ValidateFraming(input, path, at);
            if (input.Content == "log-mel-16k" && (input.Shape!.Count != 3 || input.Shape.Skip(1).Any(d => d.ValueKind != JsonValueKind.Number)))
            {
                throw new ModelManifestException(path, at + ".shape", "a log-mel-16k input is [batch, frames, melBins] with a fixed number of frames and mel bins");
            }

            if ((input.Content == "joints-coco17") != (input.Layout == "NCTVM"))
            {
                throw new ModelManifestException(path, at + ".layout", "a joints-coco17 input, and only such an input, is laid out NCTVM");
            }

            if (input.Content == "joints-coco17"
                && (input.Shape!.Count != 5 || input.Shape.Skip(1).Any(d => d.ValueKind != JsonValueKind.Number)
                    || input.Shape[1].GetInt64() is not (2 or 3) || input.Shape[2].GetInt64() < 2 || input.Shape[3].GetInt64() != 17 || input.Shape[4].GetInt64() < 1))
            {
                throw new ModelManifestException(path, at + ".shape", "a joints-coco17 input is [batch, channels (2: x, y; 3: x, y, score), frames (2 or more), 17 joints, persons (1 or more)], all but the batch fixed");
            }
        }

        if (manifest.Outputs is not { Count: > 0 } outputs)
        {
            throw new ModelManifestException(path, "outputs", "must list at least one output");
        }

        for (int i = 0; i < outputs.Count; i++)
        {
            string at = $"outputs[{i}]";
            Require(path, at + ".name", outputs[i].Name);
            Shape(path, at + ".shape", outputs[i].Shape);
            OneOf(path, at + ".dtype", outputs[i].Dtype, s_dtypes);
            Require(path, at + ".meaning", outputs[i].Meaning);
            if (source.Format == "tfjs-graph")
            {
                Require(path, at + ".sourceName", outputs[i].SourceName);
            }
        }

        ValidateLabels(manifest, path);

        if (manifest.Variants is not { Count: > 0 } variants)
        {
            throw new ModelManifestException(path, "variants", "must list at least the fp32 variant");
        }

        bool fp32 = false;
        for (int i = 0; i < variants.Count; i++)
        {
            OneOf(path, $"variants[{i}].name", variants[i].Name, s_variantNames);
            OneOf(path, $"variants[{i}].status", variants[i].Status, s_variantStatuses);
            fp32 |= variants[i] is { Name: "fp32", Status: "available" };
            if (variants[i].Name == "fp32")
            {
                if (variants[i].Sha256 is not null || variants[i].Recipe is not null)
                {
                    throw new ModelManifestException(path, $"variants[{i}]", "fp32 takes no sha256 or recipe: it is built from the source, and the store's index records its sha256");
                }
            }
            else if (variants[i].Status == "available")
            {
                if (variants[i].Sha256 is { } sha && (sha.Length != 64 || !IsLowerHex(sha)))
                {
                    throw new ModelManifestException(path, $"variants[{i}].sha256", "a pinned variant's sha256 is 64 lower-case hex digits (or leave it out: the store's index vouches for the built file)");
                }

                if (string.IsNullOrWhiteSpace(variants[i].Recipe))
                {
                    throw new ModelManifestException(path, $"variants[{i}].recipe", "an available int8 or pruned variant must name the recipe that builds it");
                }
            }
        }

        if (!fp32)
        {
            throw new ModelManifestException(path, "variants", "the fp32 variant must be available");
        }

        OneOf(path, "verification.method", manifest.Verification?.Method, s_methods);
    }

    /// <summary>The licence names its texts, and each text is there beside the manifest, so it travels with it.</summary>
    private static void ValidateLicense(ModelManifest manifest, string path)
    {
        Require(path, "license.name", manifest.License?.Name);
        if (manifest.License!.Files is not { Count: > 0 } files)
        {
            throw new ModelManifestException(path, "license.files", "must list the licence texts and notices shipped with the model (paths relative to the catalog folder)");
        }

        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        for (int i = 0; i < files.Count; i++)
        {
            string field = $"license.files[{i}]";
            RelativePath(path, field, files[i]);
            string file = System.IO.Path.Combine(folder, files[i]);
            if (!File.Exists(file))
            {
                throw new ModelManifestException(path, field, $"{file} does not exist; the licence texts travel with the manifests (models/licenses/)");
            }
        }
    }

    /// <summary>An audio input says how it is framed into calls, and its length is the new plus the context samples.</summary>
    private static void ValidateFraming(ManifestInput input, string path, string at)
    {
        if (input.Content != "audio-16k")
        {
            if (input.Framing is not null)
            {
                throw new ModelManifestException(path, at + ".framing", "is only meaningful for an audio-16k input");
            }

            return;
        }

        if (input.Framing is not { FrameSamples: > 0, ContextSamples: >= 0 } framing)
        {
            throw new ModelManifestException(path, at + ".framing", "an audio-16k input needs frameSamples (> 0) and contextSamples (>= 0)");
        }

        List<JsonElement> shape = input.Shape!;
        long length = framing.FrameSamples.Value + (long)framing.ContextSamples.Value;
        if (shape.Count != 2 || shape[1].ValueKind != JsonValueKind.Number || shape[1].GetInt64() != length)
        {
            throw new ModelManifestException(
                path, at + ".shape",
                $"an audio-16k input is [batch, samples] with samples = frameSamples + contextSamples = {framing.FrameSamples} + {framing.ContextSamples} = {length}; the manifest says [{string.Join(", ", shape.Select(d => d.GetRawText()))}]");
        }
    }

    private static void ValidateLabels(ModelManifest manifest, string path)
    {
        if (manifest.EmotionMapping is null)
        {
            if (manifest.ValenceArousal is not null)
            {
                throw new ModelManifestException(path, "valenceArousal", "is only meaningful with an emotionMapping");
            }

            return;
        }

        if (manifest.Labels is not { Count: > 0 } labels)
        {
            throw new ModelManifestException(path, "labels", "an emotionMapping needs the model's labels");
        }

        foreach (string label in labels)
        {
            if (!manifest.EmotionMapping.TryGetValue(label, out string? shared))
            {
                throw new ModelManifestException(path, $"emotionMapping.{label}", "every label needs a shared emotion label");
            }

            if (!EmotionLabels.TryParse(shared, out _))
            {
                throw new ModelManifestException(path, $"emotionMapping.{label}", $"'{shared}' is not a shared emotion label (allowed: {string.Join(", ", EmotionLabels.Names.ToArray())})");
            }
        }

        foreach (string key in manifest.EmotionMapping.Keys)
        {
            if (!labels.Contains(key))
            {
                throw new ModelManifestException(path, $"emotionMapping.{key}", "is not one of the model's labels");
            }
        }

        ManifestValenceArousal va = manifest.ValenceArousal ?? throw new ModelManifestException(path, "valenceArousal", "is missing");
        Require(path, "valenceArousal.source", va.Source);
        foreach (string shared in manifest.EmotionMapping.Values)
        {
            if (va.Anchors is null || !va.Anchors.TryGetValue(shared, out ManifestAnchor? anchor))
            {
                throw new ModelManifestException(path, $"valenceArousal.anchors.{shared}", "is missing");
            }

            InRange(path, $"valenceArousal.anchors.{shared}.valence", anchor.Valence);
            InRange(path, $"valenceArousal.anchors.{shared}.arousal", anchor.Arousal);
        }
    }

    private static void Require(string path, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ModelManifestException(path, field, "is missing");
        }
    }

    private static void OneOf(string path, string field, string? value, string[] allowed)
    {
        Require(path, field, value);
        if (Array.IndexOf(allowed, value) < 0)
        {
            throw new ModelManifestException(path, field, $"'{value}' is not allowed (allowed: {string.Join(", ", allowed)})");
        }
    }

    private static void Sha(string path, string field, string? value)
    {
        Require(path, field, value);
        if (value!.Length != 64 || !IsLowerHex(value))
        {
            throw new ModelManifestException(path, field, $"'{value}' is not a sha256 (64 lower-case hex digits)");
        }
    }

    private static bool IsLowerHex(string value)
    {
        foreach (char c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static void RelativePath(string path, string field, string? value)
    {
        Require(path, field, value);
        if (System.IO.Path.IsPathRooted(value) || value!.Split('/').Contains(".."))
        {
            throw new ModelManifestException(path, field, $"'{value}' must be a path inside the package, without '..'");
        }
    }

    private static void Shape(string path, string field, List<JsonElement>? shape)
    {
        if (shape is null)
        {
            throw new ModelManifestException(path, field, "is missing");
        }

        for (int i = 0; i < shape.Count; i++)
        {
            JsonElement dim = shape[i];
            bool ok = dim.ValueKind switch
            {
                JsonValueKind.Number => dim.TryGetInt64(out long size) && size > 0,
                JsonValueKind.String => dim.GetString() == "batch",
                _ => false,
            };
            if (!ok)
            {
                throw new ModelManifestException(path, $"{field}[{i}]", $"{dim.GetRawText()} is not a positive size or \"batch\"");
            }
        }
    }

    private static void InRange(string path, string field, double? value)
    {
        if (value is not { } v || v < -1 || v > 1)
        {
            throw new ModelManifestException(path, field, $"must be a number in [-1, 1], got {value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}");
        }
    }
}
