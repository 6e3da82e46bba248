using EdgeMer.Platform;

namespace EdgeMer.Inference.Tests;

public sealed class SessionMetadataTests
{
    [Fact]
    public void Session_lists_inputs_and_outputs_with_types_and_symbolic_dimensions()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Mixed(), "mixed");

        Assert.Equal(["image", "ids"], session.Inputs.Select(i => i.Name));
        Assert.Equal(["pooled", "ids_as_float"], session.Outputs.Select(o => o.Name));

        TensorInfo image = session.Inputs[0];
        Assert.True(image.IsTensor);
        Assert.Equal(TensorElementType.Float, image.ElementType);
        Assert.Equal([-1L, 3, -1, -1], image.Shape);
        Assert.Equal(["batch", string.Empty, "height", "width"], image.SymbolicDimensions);
        Assert.Equal("[batch, 3, height, width]", image.DescribeShape());

        TensorInfo ids = session.Inputs[1];
        Assert.Equal(TensorElementType.Int64, ids.ElementType);
        Assert.Equal([-1L, 5], ids.Shape);
        Assert.Equal("[?, 5]", ids.DescribeShape());

        Assert.Equal([-1L, 3], session.Outputs[0].Shape);
        Assert.Equal("batch", session.Outputs[0].SymbolicDimensions[0]);
    }

    [Fact]
    public void Fixing_a_free_dimension_by_name_makes_it_part_of_the_shape()
    {
        var options = new InferenceSessionOptions { FreeDimensionsByName = { ["batch"] = 3 } };

        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.ScaleColumns(), "scale-columns", options);

        Assert.Equal([3L, 4], session.Inputs[0].Shape);
        using PinnedTensor<float> two = PinnedTensor.Allocate<float>(2, 4);
        using InferenceBinding binding = session.CreateBinding();
        var error = Assert.Throws<ArgumentException>(() => binding.BindInput("x", two));
        Assert.Contains("expects shape [3, 4]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_options_reach_onnx_runtime_and_the_model_still_computes()
    {
        var options = new InferenceSessionOptions
        {
            IntraOpThreads = 1,
            InterOpThreads = 1,
            GraphOptimization = GraphOptimizationLevel.None,
            ExecutionMode = ExecutionMode.Parallel,
            CpuMemoryArena = false,
            MemoryPattern = false,
            FreeDimensionsByDenotation = { ["DATA_BATCH"] = 1 },
            LogId = "options-check",
        };

        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add", options);
        using PinnedTensor<float> a = PinnedTensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);

        InferenceOutput c = Assert.Single(session.Run(new Dictionary<string, PinnedTensor> { ["a"] = a, ["b"] = a }));

        Assert.Equal([2f, 4f, 6f, 8f, 10f, 12f], c.ToArray<float>());
    }
}
