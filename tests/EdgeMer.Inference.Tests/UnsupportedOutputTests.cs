using EdgeMer.Platform;
using EdgeMer.Onnx;

namespace EdgeMer.Inference.Tests;

// InferenceSession.Run copies outputs out as bytes of a fixed element size. Strings, the float8 types
// and 4-bit integers have none, so they used to come back as empty arrays; they must be refused,
// naming the output and its type, before the model runs.
public sealed class UnsupportedOutputTests
{
    [Theory]
    [InlineData(8, 17, "String")]
    [InlineData(17, 19, "Float8E4M3FN")]
    [InlineData(21, 21, "UInt4")]
    [InlineData(22, 21, "Int4")]
    public void An_output_whose_elements_have_no_fixed_size_is_refused_naming_it_and_its_type(int elementType, int opset, string typeName)
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, CastModel((TensorElementType)elementType, opset), "cast");
        using PinnedTensor<float> x = PinnedTensor.FromArray([1f, -2f, 3f, 4f], 1, 4);

        var error = Assert.Throws<NotSupportedException>(() => session.Run(new Dictionary<string, PinnedTensor> { ["x"] = x }));

        Assert.Equal(
            $"Output 'converted' of model 'cast' holds {typeName} elements, which InferenceSession.Run cannot return; it returns tensors of numeric and bool elements",
            error.Message);
    }

    [Fact]
    public void The_model_still_runs_into_bound_tensors_for_its_other_outputs()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, CastModel(TensorElementType.String, 17), "cast");
        using PinnedTensor<float> x = PinnedTensor.FromArray([1f, -2f, 3f, 4f], 1, 4);
        using PinnedTensor<float> copy = PinnedTensor.Allocate<float>(1, 4);
        using InferenceBinding binding = session.CreateBinding();
        binding.BindInput("x", x);
        binding.BindOutput("copy", copy);

        binding.Run();

        Assert.Equal([1f, -2f, 3f, 4f], copy.Span.ToArray());
    }

    // converted = Cast(x, to = elementType), copy = Identity(x), over float [1, 4].
    private static byte[] CastModel(TensorElementType elementType, int opset)
    {
        var model = new OnnxModel("cast", opset) { IrVersion = opset >= 21 ? 10 : 9 };
        model.Graph.AddInput("x", TensorElementType.Float, [1, 4]);
        model.Graph.AddOutput("converted", elementType, [1, 4]);
        model.Graph.AddOutput("copy", TensorElementType.Float, [1, 4]);
        model.Graph.AddNode("Cast", ["x"], ["converted"], null, OnnxAttributes.Int("to", (long)elementType));
        model.Graph.AddNode("Identity", ["x"], ["copy"]);
        return model.ToBytes();
    }
}
