using EdgeMer.Imaging;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Quantization.Running;
using EdgeMer.Testing;

namespace EdgeMer.Quantization.Tests;

/// <summary>
/// Iris's calibration and held-out inputs are eye crops cut where the face mesh finds the eyes in
/// the marked faces, as the landmark stage cuts them: both eyes of each face, inside the face, the
/// person's right eye on the image's left, and split as the face crops are.
/// </summary>
public sealed class EyeCropTests : IDisposable
{
    private readonly ModelCatalog _catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));

    private readonly EyeRegionFinder _eyes;

    public EyeCropTests()
    {
        var store = new ModelStoreBuilder(Path.Combine(RepoPaths.Cache, "models"), Path.Combine(RepoPaths.Cache, "npm"));
        store.Build(_catalog);
        _eyes = EyeRegionFinder.Load(TestRuntime.Environment, _catalog.Find("facemesh"), store.ModelPath("facemesh"));
    }

    [Fact]
    public void The_eyes_of_a_marked_face_lie_in_its_upper_half_right_eye_on_the_images_left()
    {
        // portrait-man.jpg's face box is [20, 10, 95, 105].
        RgbImage image = ImageFile.Decode(Path.Combine(RepoPaths.Root, "models", "sample-media", "portrait-man.jpg"));

        (ImageRegion right, ImageRegion left) = _eyes.Find(image, new ImageRegion(20 + 47.5f, 10 + 52.5f, 95, 105)) ?? throw new InvalidOperationException("the face mesh found no face in the portrait");

        foreach (ImageRegion eye in (ImageRegion[])[right, left])
        {
            Assert.InRange(eye.CenterX, 20f, 115f);
            Assert.InRange(eye.CenterY, 10f, 10f + 52.5f);
            Assert.InRange(eye.Width, 10f, 60f);
        }

        Assert.True(right.CenterX < left.CenterX, $"right eye at x {right.CenterX}, left eye at x {left.CenterX}");
        Assert.False(right.Mirrored);
        Assert.True(left.Mirrored);
    }

    [Fact]
    public void Calibration_sees_both_eyes_of_the_unmirrored_portraits_and_the_held_out_set_the_rest()
    {
        var inputs = new CalibrationInputs(Path.Combine(RepoPaths.Root, "models", "sample-media")) { Eyes = _eyes };

        (IReadOnlyList<InputCase> calibration, IReadOnlyList<InputCase> heldOut) = inputs.For(_catalog.Find("iris"));

        Assert.NotEmpty(calibration);
        Assert.NotEmpty(heldOut);
        Assert.All(calibration, c => Assert.Matches("^(right eye|left eye \\(mirrored\\)) of face crop of portrait-(man|woman)\\.jpg", c.Description));
        Assert.All(calibration, c => Assert.DoesNotContain(", mirrored", c.Description, StringComparison.Ordinal));
        Assert.Contains(heldOut, c => c.Description.Contains("portrait-man.jpg", StringComparison.Ordinal) && c.Description.EndsWith(", mirrored", StringComparison.Ordinal));
        Assert.Contains(heldOut, c => c.Description.Contains("diner.jpg", StringComparison.Ordinal));
        Assert.Equal(calibration.Count(c => c.Description.StartsWith("right", StringComparison.Ordinal)), calibration.Count(c => c.Description.StartsWith("left", StringComparison.Ordinal)));
        Assert.All(calibration.Concat(heldOut), c => Assert.Equal(64 * 64 * 3, c.Tensors.Single().Data.Length / sizeof(float)));
    }

    [Fact]
    public void Without_a_face_mesh_an_eye_model_has_no_inputs_and_says_why()
    {
        var inputs = new CalibrationInputs(Path.Combine(RepoPaths.Root, "models", "sample-media"));

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => inputs.For(_catalog.Find("iris")));

        Assert.Contains("model 'iris' reads eye crops", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _eyes.Dispose();
}
