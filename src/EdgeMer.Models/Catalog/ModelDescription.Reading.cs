using System.Text.Json;
using EdgeMer.Affect;
using EdgeMer.Platform;

namespace EdgeMer.Models.Catalog;

public sealed partial class ModelDescription
{
    private static readonly (string Name, ModelTask Task)[] s_tasks =
    [
        ("face-detection", ModelTask.FaceDetection),
        ("face-emotion", ModelTask.FaceEmotion),
        ("face-landmarks", ModelTask.FaceLandmarks),
        ("eye-landmarks", ModelTask.EyeLandmarks),
        ("body-keypoints", ModelTask.BodyKeypoints),
        ("voice-activity", ModelTask.VoiceActivity),
        ("speech-emotion", ModelTask.SpeechEmotion),
        ("gait-emotion", ModelTask.GaitEmotion),
    ];

    /// <summary>The task names manifests may use.</summary>
    internal static IEnumerable<string> TaskNames => s_tasks.Select(t => t.Name);

    /// <summary>The description of a manifest <see cref="ModelManifestValidator"/> has accepted.</summary>
    internal static ModelDescription From(ModelManifest manifest, string path)
    {
        var mapping = new EmotionLabel[manifest.EmotionMapping is null ? 0 : manifest.Labels!.Count];
        var anchors = new ValenceArousal?[EmotionLabels.Count];
        for (int i = 0; i < mapping.Length; i++)
        {
            if (!EmotionLabels.TryParse(manifest.EmotionMapping![manifest.Labels![i]], out mapping[i]))
            {
                throw Unreachable(path, $"emotionMapping.{manifest.Labels[i]}");
            }

            ManifestAnchor anchor = manifest.ValenceArousal!.Anchors![EmotionLabels.Name(mapping[i])];
            anchors[(int)mapping[i]] = new ValenceArousal((float)anchor.Valence!.Value, (float)anchor.Arousal!.Value);
        }

        ManifestSource source = manifest.Source!;
        return new ModelDescription(path, mapping, anchors)
        {
            Id = manifest.Id!,
            Title = manifest.Title!,
            Task = Array.Find(s_tasks, t => t.Name == manifest.Task).Task,
            Modality = Modalities.TryParse(manifest.Modality, out Modality modality) ? modality : throw Unreachable(path, "modality"),
            License = new ModelLicense { Name = manifest.License!.Name!, Files = [.. manifest.License.Files!], Notes = manifest.License.Notes },
            Source = new ModelSource
            {
                Format = source.Format == "onnx" ? ModelSourceFormat.Onnx : ModelSourceFormat.TfjsGraph,
                NpmPackage = source.NpmPackage!,
                Version = source.Version!,
                PackageSha256 = source.PackageSha256!,
                Model = new ModelSourceFile(source.Path!, source.Sha256!),
                Files = source.Files is null ? [] : [.. source.Files.Select(f => new ModelSourceFile(f.Path!, f.Sha256!))],
                Upstream = source.Upstream,
            },
            Inputs = [.. manifest.Inputs!.Select(ToInput)],
            Outputs = [.. manifest.Outputs!.Select(o => new ModelOutput
            {
                Name = o.Name!,
                SourceName = o.SourceName,
                Shape = ToShape(o.Shape!),
                ElementType = ToElementType(o.Dtype!),
                Meaning = o.Meaning!,
            })],
            Labels = manifest.Labels is null ? [] : [.. manifest.Labels],
            AnchorsSource = manifest.ValenceArousal?.Source,
            Variants = [.. manifest.Variants!.Select(v => new ModelVariant(ToVariant(v.Name!), v.Status == "available", v.Sha256, v.Recipe))],
            Verification = manifest.Verification!.Method == "vad-web" ? VerificationMethod.VadWeb : VerificationMethod.Tfjs,
            RandomInputs = manifest.Verification.RandomInputs ?? 1,
        };
    }

    /// <summary>The manifest name of a task.</summary>
    public static string NameOf(ModelTask task) => Array.Find(s_tasks, t => t.Task == task).Name;

    internal static bool IsTaskName(string? name) => Array.Exists(s_tasks, t => t.Name == name);

    internal static VariantName ToVariant(string name) => name switch
    {
        "fp32" => VariantName.Fp32,
        "int8" => VariantName.Int8,
        "pruned" => VariantName.Pruned,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a variant"),
    };

    private static ModelInput ToInput(ManifestInput input) => new()
    {
        Name = input.Name!,
        SourceName = input.SourceName,
        Shape = ToShape(input.Shape!),
        Layout = input.Layout switch
        {
            "NHWC" => InputLayout.Nhwc,
            "NCHW" => InputLayout.Nchw,
            "NT" => InputLayout.Nt,
            "NCTVM" => InputLayout.Nctvm,
            _ => InputLayout.None,
        },
        ElementType = ToElementType(input.Dtype!),
        ColorOrder = input.ColorOrder switch
        {
            "rgb" => ColorOrder.Rgb,
            "bgr" => ColorOrder.Bgr,
            "grayscale" => ColorOrder.Grayscale,
            _ => ColorOrder.None,
        },
        Content = input.Content switch
        {
            "face-crop" => InputContent.FaceCrop,
            "frame" => InputContent.Frame,
            "audio-16k" => InputContent.Audio16k,
            "log-mel-16k" => InputContent.LogMel16k,
            "joints-coco17" => InputContent.JointsCoco17,
            "state" => InputContent.State,
            _ => InputContent.SampleRate,
        },
        Normalization = new InputNormalization(input.Normalization!.Scale!.Value, input.Normalization.Offset!.Value, input.Normalization.Description!),
        Framing = input.Framing is { FrameSamples: { } frame, ContextSamples: { } context } ? new AudioFraming(frame, context) : null,
    };

    private static ModelDimension[] ToShape(List<JsonElement> shape) =>
        [.. shape.Select(d => d.ValueKind == JsonValueKind.String ? ModelDimension.Batch : ModelDimension.Fixed(d.GetInt64()))];

    private static TensorElementType ToElementType(string dtype) => dtype switch
    {
        "float32" => TensorElementType.Float,
        "int32" => TensorElementType.Int32,
        "int64" => TensorElementType.Int64,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not an element type manifests use"),
    };

    private static InvalidOperationException Unreachable(string path, string field) =>
        new($"{path}: {field} passed validation but cannot be read; the validator and the description disagree");
}
