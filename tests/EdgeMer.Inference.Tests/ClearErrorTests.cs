namespace EdgeMer.Inference.Tests;

public sealed class ClearErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-errors").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_corrupt_model_file_is_reported_with_its_path_and_the_onnx_runtime_code()
    {
        string path = Path.Combine(_folder, "corrupt.onnx");
        byte[] model = TestModels.Add();
        File.WriteAllBytes(path, model.AsSpan(0, model.Length / 2).ToArray());

        var error = Assert.Throws<OnnxRuntimeException>(() => InferenceSession.Load(TestEnvironment.Instance, path));

        Assert.Equal(OrtErrorCode.InvalidProtobuf, error.ErrorCode);
        Assert.StartsWith($"Cannot load model '{path}': ONNX Runtime error InvalidProtobuf:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_model_bytes_are_reported_with_the_model_name()
    {
        var error = Assert.Throws<OnnxRuntimeException>(() =>
            InferenceSession.Load(TestEnvironment.Instance, new byte[] { 0x0a, 0xff, 0x03 }, "face-emotion.onnx"));

        Assert.Equal(OrtErrorCode.InvalidProtobuf, error.ErrorCode);
        Assert.StartsWith("Cannot load model 'face-emotion.onnx':", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_file_is_reported_with_its_path()
    {
        string path = Path.Combine(_folder, "absent.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => InferenceSession.Load(TestEnvironment.Instance, path));

        Assert.Equal($"The model file '{path}' does not exist", error.Message);
    }

    [Fact]
    public void Session_rejects_an_unknown_input_name_and_lists_the_real_ones()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add");
        using InferenceBinding binding = session.CreateBinding();
        using PinnedTensor<float> tensor = PinnedTensor.Allocate<float>(2, 3);

        var error = Assert.Throws<ArgumentException>(() => binding.BindInput("A", tensor));

        Assert.StartsWith("Model 'add' has no input named 'A'; its inputs are 'a', 'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_rejects_an_unknown_output_name_and_lists_the_real_ones()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add");
        using InferenceBinding binding = session.CreateBinding();
        using PinnedTensor<float> tensor = PinnedTensor.Allocate<float>(2, 3);

        var error = Assert.Throws<ArgumentException>(() => binding.BindOutput("sum", tensor));

        Assert.StartsWith("Model 'add' has no output named 'sum'; its outputs are 'c'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_rejects_an_input_with_the_wrong_shape()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add");
        using InferenceBinding binding = session.CreateBinding();
        using PinnedTensor<float> tensor = PinnedTensor.Allocate<float>(3, 2);

        var error = Assert.Throws<ArgumentException>(() => binding.BindInput("a", tensor));

        Assert.Equal("The input 'a' of model 'add' expects shape [2, 3], but the tensor given has shape [3, 2]", error.Message);
    }

    [Fact]
    public void Session_rejects_an_input_with_the_wrong_rank()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.ScaleColumns(), "scale-columns");
        using InferenceBinding binding = session.CreateBinding();
        using PinnedTensor<float> tensor = PinnedTensor.Allocate<float>(4);

        var error = Assert.Throws<ArgumentException>(() => binding.BindInput("x", tensor));

        Assert.Equal("The input 'x' of model 'scale-columns' expects shape [batch, 4], but the tensor given has shape [4]", error.Message);
    }

    [Fact]
    public void Session_rejects_an_input_with_the_wrong_element_type()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add");
        using InferenceBinding binding = session.CreateBinding();
        using PinnedTensor<double> tensor = PinnedTensor.Allocate<double>(2, 3);

        var error = Assert.Throws<ArgumentException>(() => binding.BindInput("b", tensor));

        Assert.Equal("The input 'b' of model 'add' expects Float elements, but the tensor given holds Double", error.Message);
    }

    [Fact]
    public void The_allocating_run_rejects_wrong_tensors_the_same_way()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add");
        using PinnedTensor<int> tensor = PinnedTensor.Allocate<int>(2, 3);

        var error = Assert.Throws<ArgumentException>(() =>
            session.Run(new Dictionary<string, PinnedTensor> { ["a"] = tensor, ["b"] = tensor }));

        Assert.Equal("The input 'a' of model 'add' expects Float elements, but the tensor given holds Int32", error.Message);
    }

    [Fact]
    public void Running_without_every_input_bound_names_the_missing_ones()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add");
        using InferenceBinding binding = session.CreateBinding();
        using PinnedTensor<float> tensor = PinnedTensor.Allocate<float>(2, 3);
        binding.BindInput("a", tensor);
        binding.BindOutput("c", tensor);

        var error = Assert.Throws<InvalidOperationException>(binding.Run);

        Assert.Equal("Model 'add' cannot run: no tensor is bound to input 'b'", error.Message);
    }

    [Fact]
    public void A_failure_inside_onnx_runtime_carries_its_error_code()
    {
        // The batch dimension is symbolic, so the binding cannot check it; ONNX Runtime finds the mismatch.
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.ScaleColumns(), "scale-columns");
        using InferenceBinding binding = session.CreateBinding();
        using PinnedTensor<float> input = PinnedTensor.Allocate<float>(2, 4);
        using PinnedTensor<float> output = PinnedTensor.Allocate<float>(5, 4);
        binding.BindInput("x", input);
        binding.BindOutput("y", output);

        var error = Assert.Throws<OnnxRuntimeException>(binding.Run);

        Assert.NotEqual(OrtErrorCode.Ok, error.ErrorCode);
        Assert.StartsWith($"ONNX Runtime error {error.ErrorCode}: ", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(error.NativeMessage);
    }

    [Fact]
    public void Invalid_session_options_are_refused_before_loading()
    {
        var options = new InferenceSessionOptions { InterOpThreads = -4 };

        var error = Assert.Throws<ArgumentException>(() => InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add", options));

        Assert.Contains("InterOpThreads is -4; allowed: 0 (ONNX Runtime chooses) or a positive thread count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_creation_rejects_data_that_does_not_fill_the_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => PinnedTensor.FromArray(new float[15], 1, 16));

        Assert.StartsWith("The array has 15 elements but shape [1, 16] needs 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_creation_rejects_element_types_onnx_runtime_cannot_take()
    {
        var error = Assert.Throws<NotSupportedException>(() => PinnedTensor.Allocate<char>(2));

        Assert.StartsWith("Tensors of Char are not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_creation_rejects_negative_dimensions()
    {
        var error = Assert.Throws<ArgumentException>(() => PinnedTensor.Allocate<float>(1, -16));

        Assert.StartsWith("Shape [1, -16] has a negative dimension", error.Message, StringComparison.Ordinal);
    }
}
