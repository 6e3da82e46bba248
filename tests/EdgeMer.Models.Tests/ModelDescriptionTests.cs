using EdgeMer.Affect;
using EdgeMer.Models.Catalog;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tests;

/// <summary>The catalog as the device reads it: each manifest once into an immutable, typed description.</summary>
public sealed class ModelDescriptionTests : IDisposable
{
    private static readonly ModelCatalog s_catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));
    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_emotion_model_reads_as_a_grayscale_64x64_face_crop_normalised_to_minus_one_to_one()
    {
        ModelDescription emotion = s_catalog.Find("emotion");

        ModelInput face = Assert.Single(emotion.Inputs);
        Assert.Equal(ModelTask.FaceEmotion, emotion.Task);
        Assert.Equal(Modality.Face, emotion.Modality);
        Assert.Equal(InputContent.FaceCrop, face.Content);
        Assert.Equal(InputLayout.Nhwc, face.Layout);
        Assert.Equal(ColorOrder.Grayscale, face.ColorOrder);
        Assert.Equal(TensorElementType.Float, face.ElementType);
        Assert.Equal((64, 64, 1), face.ImageSize);
        Assert.True(face.Shape[0].IsBatch);
        Assert.Equal(2.0 / 255, face.Normalization.Scale, 12);
        Assert.Equal(-1.0, face.Normalization.Offset);
        Assert.True(emotion.Has(VariantName.Fp32));
        Assert.Equal(ModelSourceFormat.TfjsGraph, emotion.Source.Format);
    }

    [Fact]
    public void The_emotion_models_probabilities_map_onto_the_shared_labels_and_their_anchors()
    {
        ModelDescription emotion = s_catalog.Find("emotion");
        float[] probabilities = [0.02f, 0.01f, 0.02f, 0.8f, 0.05f, 0.05f, 0.05f];

        EmotionDistribution shared = emotion.MapToShared(probabilities);

        Assert.Equal(EmotionLabel.Happy, shared.Dominant);
        Assert.Equal(0.8f, shared[EmotionLabel.Happy], 5);
        Assert.Equal(new ValenceArousal(0.8f, 0.5f), emotion.Anchor(EmotionLabel.Happy));
        ValenceArousal expected = emotion.ExpectedAffect(shared);
        Assert.True(expected.Valence > 0.5f && expected.Arousal > 0.3f, expected.ToString());
        Assert.Throws<ArgumentException>(() => emotion.MapToShared([0.5f, 0.5f]));
    }

    [Fact]
    public void Silero_VAD_reads_as_a_stream_of_512_new_samples_behind_64_of_context_with_a_recurrent_state()
    {
        ModelDescription vad = s_catalog.Find("silero-vad");

        ModelInput audio = vad.InputFor(InputContent.Audio16k)!;
        Assert.Equal(new AudioFraming(512, 64), audio.Framing);
        Assert.Equal(576, audio.Framing!.Value.CallSamples);
        Assert.Equal(576, audio.Shape[1].Size);
        Assert.Equal(TensorElementType.Int64, vad.InputFor(InputContent.SampleRate)!.ElementType);
        Assert.NotNull(vad.InputFor(InputContent.State));
        Assert.False(vad.EstimatesEmotion);
        Assert.Throws<InvalidOperationException>(() => vad.MapToShared([1f]));
        Assert.Equal(VerificationMethod.VadWeb, vad.Verification);
        Assert.Equal(ModelSourceFormat.Onnx, vad.Source.Format);
    }

    [Fact]
    public void Every_catalogued_model_names_its_licence_texts_and_its_source_files_by_sha256()
    {
        Assert.Equal(["blazeface-back", "blazepose-lite", "emotion", "facemesh", "iris", "movenet-lightning", "movenet-multipose", "silero-vad"], s_catalog.Models.Select(m => m.Id));
        Assert.All(s_catalog.Models, model =>
        {
            Assert.NotEmpty(model.License.Files);
            Assert.Matches("^[0-9a-f]{64}$", model.Source.Model.Sha256);
            Assert.All(model.Source.Files, file => Assert.Matches("^[0-9a-f]{64}$", file.Sha256));
            Assert.Equal(Path.Combine(RepoPaths.Root, "models", model.Id + ".json"), model.ManifestPath);
        });
    }

    [Fact]
    public void The_store_hands_out_a_model_only_with_the_sha256_its_index_recorded()
    {
        var built = new ModelStore(Path.Combine(RepoPaths.Cache, "models"));
        VerifiedModel emotion = built.ReadVerified("emotion");
        Assert.Equal(built.Find("emotion")!.Sha256, emotion.Sha256);
        Assert.Equal(ModelStore.Sha256Hex(emotion.Bytes), emotion.Sha256);

        File.Copy(built.IndexPath, Path.Combine(_folder, "index.json"));
        byte[] changed = emotion.Bytes.ToArray();
        changed[^1] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(_folder, Path.GetFileName(emotion.Path)), changed);
        var copy = new ModelStore(_folder);

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => copy.ReadVerified("emotion"));
        Assert.Contains($"{copy.IndexPath} records {emotion.Sha256}", error.Message, StringComparison.Ordinal);
        Assert.Contains("iris.fp32.onnx, which", Assert.Throws<ModelManifestException>(() => copy.ReadVerified("iris")).Message, StringComparison.Ordinal);
        Assert.Contains("'no-such-model' (fp32) is not built", Assert.Throws<ModelManifestException>(() => copy.ReadVerified("no-such-model")).Message, StringComparison.Ordinal);
    }
}
