using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Pruning;
using EdgeMer.Quantization.Running;
using EdgeMer.Testing;

namespace EdgeMer.Quantization.Tests.Pruning;

/// <summary>
/// The graph surgery of channel pruning on small models: channels whose weights were zero anyway are
/// the ones removed and the output stays what it was; a depthwise convolution's group shrinks with
/// its channels; channels an Add joins are ranked and removed together; a Concat's consumer loses
/// the right input channels; the bias correction folds a removed channel's mean as worked by hand;
/// and every written model passes EdgeMer's validator, ONNX Runtime and Debian's onnx checker.
/// </summary>
public sealed class ChannelPruningTests
{
    [Fact]
    public void Removing_the_zero_channels_of_a_conv_relu_conv_chain_leaves_its_output_unchanged()
    {
        OnnxModel model = PruningModels.Chain();
        ChannelGroups analysis = ChannelGroups.Analyze(model);

        OnnxModel pruned = ChannelPruner.Prune(analysis, PruningModels.KeepStrongest(analysis, _ => 2), null);

        Assert.Equal([2, 2, 1, 1], pruned.Graph.FindInitializer(pruned.Graph.FindNode("conv1")!.Input[1])!.Dims);
        Assert.Equal([2, 2, 1, 1], pruned.Graph.FindInitializer(pruned.Graph.FindNode("conv2")!.Input[1])!.Dims);
        // conv2 keeps its input channels 0 and 2: W2 rows [1, 2, 3, 4] and [5, 6, 7, 8] become [1, 3] and [5, 7].
        Assert.Equal([1f, 3f, 5f, 7f], OnnxTensors.ToFloats(pruned.Graph.FindInitializer(pruned.Graph.FindNode("conv2")!.Input[1])!));
        AssertClose(PruningModels.Run(model), PruningModels.Run(pruned));
    }

    [Fact]
    public void The_channel_group_of_a_conv_ends_at_the_graph_output()
    {
        ChannelGroups analysis = ChannelGroups.Analyze(PruningModels.Chain());

        Assert.Equal(2, analysis.Groups.Count);
        Assert.True(analysis.Groups[0].Prunable);
        Assert.Equal(["conv1"], analysis.Groups[0].Convolutions);
        Assert.False(analysis.Groups[1].Prunable);
        Assert.Contains("reaches the graph output 'y'", Assert.Single(analysis.Groups[1].Reasons));
    }

    [Fact]
    public void A_depthwise_convolution_and_a_per_channel_mul_shrink_with_the_channels_they_follow()
    {
        OnnxModel model = PruningModels.DepthwiseSeparable();
        ChannelGroups analysis = ChannelGroups.Analyze(model);

        OnnxModel pruned = ChannelPruner.Prune(analysis, PruningModels.KeepStrongest(analysis, _ => 2), null);

        NodeProto depthwise = pruned.Graph.FindNode("depthwise")!;
        Assert.Equal(2, depthwise.GetInt("group", 0));
        Assert.Equal([2, 1, 3, 3], pruned.Graph.FindInitializer(depthwise.Input[1])!.Dims);
        // The kept channels are 1 and 3: the depthwise filters 1 and 3 and the Mul's scales 2 and -1.
        float[] filters = OnnxTensors.ToFloats(model.Graph.FindInitializer("dw")!);
        Assert.Equal([.. filters[9..18], .. filters[27..36]], OnnxTensors.ToFloats(pruned.Graph.FindInitializer(depthwise.Input[1])!));
        Assert.Equal([2f, -1f], OnnxTensors.ToFloats(pruned.Graph.FindInitializer(pruned.Graph.FindNode("scale")!.Input[1])!));
        Assert.Equal([3, 2, 1, 1], pruned.Graph.FindInitializer(pruned.Graph.FindNode("pointwise")!.Input[1])!.Dims);
        AssertClose(PruningModels.Run(model), PruningModels.Run(pruned));
    }

    [Fact]
    public void A_pad_of_the_spatial_axes_passes_the_channels_through_to_the_depthwise_convolution()
    {
        OnnxModel model = PruningModels.PaddedDepthwise();
        ChannelGroups analysis = ChannelGroups.Analyze(model);
        Assert.True(analysis.Groups[0].Prunable);

        OnnxModel pruned = ChannelPruner.Prune(analysis, PruningModels.KeepStrongest(analysis, _ => 2), null);

        Assert.Equal([2, 1, 3, 3], pruned.Graph.FindInitializer(pruned.Graph.FindNode("depthwise")!.Input[1])!.Dims);
        Assert.Equal([3, 2, 1, 1], pruned.Graph.FindInitializer(pruned.Graph.FindNode("pointwise")!.Input[1])!.Dims);
        AssertClose(PruningModels.Run(model), PruningModels.Run(pruned));
    }

    [Fact]
    public void A_pad_of_the_channel_axis_leaves_the_group_whole_naming_the_pad()
    {
        ChannelGroups analysis = ChannelGroups.Analyze(PruningModels.ChannelPadded());

        Assert.False(analysis.Groups[0].Prunable);
        Assert.Contains(analysis.Groups[0].Reasons, r => r.Contains("Pad node 'pad'", StringComparison.Ordinal) && r.Contains("pads the batch or channel axis", StringComparison.Ordinal));
    }

    [Fact]
    public void A_model_whose_convolutions_are_only_inside_if_branches_is_said_to_have_nothing_to_prune_naming_the_if()
    {
        ChannelGroups analysis = ChannelGroups.Analyze(PruningModels.ConvInsideIf());

        Assert.Empty(analysis.Groups);
        Assert.Equal(
            "model 'conv_inside_if' has no dense convolution with constant weights in its main graph: its 2 Conv nodes are inside the subgraphs of If node 'choose', and channel pruning follows channels through the main graph only (a branch's outputs and the values it reads from outside are not followed); when an If's condition depends on an input that is always given one value, the recipe's fixedInputs folds it into the branch taken",
            analysis.WhyNoGroups("conv_inside_if"));
        Assert.Null(ChannelGroups.Analyze(PruningModels.Chain()).WhyNoGroups("chain"));
    }

    [Fact]
    public void Convolutions_joined_by_an_add_form_one_group_ranked_by_both_and_pruned_identically()
    {
        OnnxModel model = PruningModels.AddJoin();
        ChannelGroups analysis = ChannelGroups.Analyze(model);
        ChannelGroup join = analysis.Groups[0];

        Assert.Equal(["convA", "convB"], join.Convolutions);
        Assert.True(join.Prunable);
        // convA's channel 2 is zero but convB's is its strongest: ranked together, channel 1 (zero in both) goes.
        bool[] keep = ChannelSelection.KeepHighest(ChannelSelection.Scores(analysis, join), 3);
        Assert.Equal([true, false, true, true], keep);

        OnnxModel pruned = ChannelPruner.Prune(analysis, new Dictionary<int, bool[]> { [join.Index] = keep }, null);

        Assert.Equal([0.5f, -1f, 3f, 3f, 1f, 1f], OnnxTensors.ToFloats(pruned.Graph.FindInitializer(pruned.Graph.FindNode("convB")!.Input[1])!));
        Assert.Equal([1f, 1f, 0f, 0f, 2f, -1f], OnnxTensors.ToFloats(pruned.Graph.FindInitializer(pruned.Graph.FindNode("convA")!.Input[1])!));
        Assert.Equal([1f, 3f, 4f, -1f, -3f, -4f], OnnxTensors.ToFloats(pruned.Graph.FindInitializer(pruned.Graph.FindNode("conv3")!.Input[1])!));
        AssertClose(PruningModels.Run(model), PruningModels.Run(pruned));
    }

    [Fact]
    public void The_consumer_of_a_concat_loses_the_input_channels_of_each_branch_at_their_offsets()
    {
        OnnxModel model = PruningModels.ConcatJoin();
        ChannelGroups analysis = ChannelGroups.Analyze(model);
        Assert.Equal(new (int, int)[] { (0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (1, 3) }, analysis.Layout("c"));

        OnnxModel pruned = ChannelPruner.Prune(analysis, PruningModels.KeepStrongest(analysis, g => g.Channels == 2 ? 1 : 2), null);

        // Concat channels 0 (convA's zero channel), 3 and 4 (convB's zero channels 1 and 2) go: conv3 keeps inputs 1, 2 and 5.
        float[] w3 = OnnxTensors.ToFloats(model.Graph.FindInitializer("w3")!);
        Assert.Equal([w3[1], w3[2], w3[5], w3[7], w3[8], w3[11]], OnnxTensors.ToFloats(pruned.Graph.FindInitializer(pruned.Graph.FindNode("conv3")!.Input[1])!));
        AssertClose(PruningModels.Run(model), PruningModels.Run(pruned));
    }

    [Fact]
    public void The_bias_correction_folds_a_removed_channels_mean_into_the_next_bias_as_worked_by_hand()
    {
        // conv1's channel 1 has zero weights and bias 3: after the ReLU it is 3 everywhere, so its mean
        // is 3 and channel 3's is 0. conv2's bias becomes b + W[:, 1] * 3 + W[:, 3] * 0:
        // 0.5 + 2 * 3 = 6.5 and -0.5 + 6 * 3 = 17.5, and the output is unchanged.
        OnnxModel model = PruningModels.Chain(constantBias: 3f);
        ChannelGroups analysis = ChannelGroups.Analyze(model);
        var input = new InputCase("test input", [RawTensor.FromFloats("x", PruningModels.InputShape, PruningModels.Input)]);
        Dictionary<string, double[]> means = ChannelMeans.Observe(TestRuntime.Environment, model, ["r1"], [input]);
        Assert.Equal(3.0, means["r1"][1], 6);
        Assert.Equal(0.0, means["r1"][3], 6);

        OnnxModel corrected = ChannelPruner.Prune(analysis, PruningModels.KeepStrongest(analysis, _ => 2), means);
        OnnxModel uncorrected = ChannelPruner.Prune(analysis, PruningModels.KeepStrongest(analysis, _ => 2), null);

        Assert.Equal([6.5f, 17.5f], OnnxTensors.ToFloats(corrected.Graph.FindInitializer(corrected.Graph.FindNode("conv2")!.Input[2])!));
        float[] original = PruningModels.Run(model);
        AssertClose(original, PruningModels.Run(corrected));
        float[] off = PruningModels.Run(uncorrected);
        Assert.Equal(original[0] - 6f, off[0], 4);
        Assert.Equal(original[9] - 18f, off[9], 4);
    }

    [Fact]
    public void The_least_squares_reconstruction_rebuilds_a_removed_channel_that_is_a_linear_mix_of_the_kept_ones()
    {
        // Channel 2 = 2 · channel 0 - channel 1 + 1 at every position (and so inside the padding too,
        // apart from the padded border, where all three are 0): away from the border, the 3x3 conv
        // with channel 2 folded into the kept weights and bias gives the original output.
        OnnxModel model = PruningModels.LinearlyDependent();
        ChannelGroups analysis = ChannelGroups.Analyze(model);
        var input = new InputCase("test input", [RawTensor.FromFloats("x", PruningModels.InputShape, PruningModels.Input)]);
        Dictionary<string, ChannelMoments> moments = ChannelMeans.ObserveMoments(TestRuntime.Environment, model, ["c1"], [input], products: true);

        OnnxModel pruned = ChannelPruner.Prune(analysis, new Dictionary<int, bool[]> { [0] = [true, true, false] }, null, moments);

        float[] original = PruningModels.Run(model);
        float[] rebuilt = PruningModels.Run(pruned);
        // The centre pixel (index 4 of each 3x3 output channel) sees no padding; the small ridge that
        // keeps the normal equations solvable leaves an error far below the outputs' size (about 10).
        Assert.True(Math.Abs(original[4] - rebuilt[4]) < 0.01, $"{original[4]} against {rebuilt[4]}");
        Assert.True(Math.Abs(original[13] - rebuilt[13]) < 0.01, $"{original[13]} against {rebuilt[13]}");
    }

    [Fact]
    public void The_sequential_reconstruction_refits_the_next_convolution_on_the_pruned_model_to_give_the_original_output()
    {
        // As above, channel 2 = 2 · channel 0 - channel 1 + 1; fitted from the pruned model's own
        // input to the fp32 model's, conv2 gives the original output away from the padded border.
        OnnxModel model = PruningModels.LinearlyDependent();
        ChannelGroups analysis = ChannelGroups.Analyze(model);
        var input = new InputCase("test input", [RawTensor.FromFloats("x", PruningModels.InputShape, PruningModels.Input)]);

        OnnxModel pruned = SequentialReconstruction.Prune(TestRuntime.Environment, analysis, new Dictionary<int, bool[]> { [0] = [true, true, false] }, null, [input]);

        Assert.Equal([2, 2, 3, 3], pruned.Graph.FindInitializer(pruned.Graph.FindNode("conv2")!.Input[1])!.Dims);
        float[] original = PruningModels.Run(model);
        float[] rebuilt = PruningModels.Run(pruned);
        Assert.True(Math.Abs(original[4] - rebuilt[4]) < 0.01, $"{original[4]} against {rebuilt[4]}");
        Assert.True(Math.Abs(original[13] - rebuilt[13]) < 0.01, $"{original[13]} against {rebuilt[13]}");
    }

    [Fact]
    public void A_conv_without_a_bias_gets_one_when_its_removed_inputs_have_a_mean()
    {
        OnnxModel model = PruningModels.AddJoin();
        ChannelGroups analysis = ChannelGroups.Analyze(model);
        var means = new Dictionary<string, double[]> { ["r"] = [0, 2, 0, 0] };

        OnnxModel pruned = ChannelPruner.Prune(analysis, new Dictionary<int, bool[]> { [0] = [true, false, true, true] }, means);

        // conv3's removed input 1 has mean 2 and weights 2 and -2: bias [4, -4].
        NodeProto conv3 = pruned.Graph.FindNode("conv3")!;
        Assert.Equal(3, conv3.Input.Count);
        Assert.Equal([4f, -4f], OnnxTensors.ToFloats(pruned.Graph.FindInitializer(conv3.Input[2])!));
    }

    [Fact]
    public void Channels_read_by_an_operator_pruning_does_not_follow_are_left_whole_with_the_node_named()
    {
        ChannelGroups analysis = ChannelGroups.Analyze(PruningModels.ConvThenReshape());

        ChannelGroup group = Assert.Single(analysis.Groups);
        Assert.False(group.Prunable);
        Assert.Contains("Reshape node 'flatten'", Assert.Single(group.Reasons));
        ArgumentException error = Assert.Throws<ArgumentException>(() => ChannelPruner.Prune(analysis, new Dictionary<int, bool[]> { [0] = [true, true, false, false] }, null));
        Assert.Contains("Reshape node 'flatten'", error.Message);
    }

    [Theory]
    [InlineData("chain")]
    [InlineData("depthwise")]
    [InlineData("add")]
    [InlineData("concat")]
    public void A_pruned_model_passes_edgemers_validator_onnx_runtime_and_debians_onnx_checker(string which)
    {
        OnnxModel model = which switch
        {
            "chain" => PruningModels.Chain(3f),
            "depthwise" => PruningModels.DepthwiseSeparable(),
            "add" => PruningModels.AddJoin(),
            _ => PruningModels.ConcatJoin(),
        };
        ChannelGroups analysis = ChannelGroups.Analyze(model);
        var means = new Dictionary<string, double[]>();
        foreach (NodeProto node in model.Graph.Nodes)
        {
            if (node.OpType == "Conv" && analysis.Layout(node.Input[0]) is { } layout)
            {
                means[node.Input[0]] = [.. layout.Select(_ => 0.5)];
            }
        }

        OnnxModel pruned = ChannelPruner.Prune(analysis, PruningModels.KeepStrongest(analysis, g => g.Channels / 2), means);

        Assert.Empty(pruned.FindProblems());
        Assert.Equal(PruningModels.Run(model).Length, PruningModels.Run(pruned).Length);
        ExternalProgramResult check = PruningModels.Check(pruned);
        Assert.True(check.ExitCode == 0, check.StandardError);
        Assert.Equal("ok", check.StandardOutput.Trim());
    }

    [Theory]
    [InlineData(64, 0.5, 8, 32)]
    [InlineData(64, 0.4, 8, 40)]
    [InlineData(128, 0.3, 16, 96)]
    [InlineData(7, 0.9, 8, 7)]
    [InlineData(32, 0.99, 1, 1)]
    public void The_kept_channel_count_is_rounded_up_to_the_kernels_channel_block(int channels, double share, int multiple, int kept)
    {
        Assert.Equal(kept, ChannelSelection.KeptCount(channels, share, multiple));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * Math.Max(1f, Math.Abs(expected[i])), $"element {i}: {expected[i]} against {actual[i]}");
        }
    }
}
