using EdgeMer.Inference;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Running;

namespace EdgeMer.Quantization.Pruning;

/// <summary>
/// A float model's size in parameters (elements of its initializers) and its work in
/// multiply-accumulates of its convolutions and Gemm/MatMul nodes, from the output shapes of one
/// real run (C_out · C_in / group · kH · kW · H_out · W_out per convolution).
/// </summary>
public sealed record ModelCost(long Parameters, long MultiplyAccumulates)
{
    public static ModelCost Measure(InferenceEnvironment environment, OnnxModel model, InputCase input)
    {
        ArgumentNullException.ThrowIfNull(model);
        long parameters = 0;
        foreach (TensorProto tensor in model.Graph.Initializers)
        {
            parameters += OnnxTensors.ElementCount(tensor);
        }

        OnnxModel observed = OnnxModel.FromBytes(model.ToBytes(), model.Graph.Name);
        var measured = new List<(NodeProto Node, TensorProto Weight)>();
        foreach (NodeProto node in observed.Graph.Nodes)
        {
            if (node.OpType is "Conv" or "Gemm" or "MatMul" && node.Input.Count > 1 && observed.Graph.FindInitializer(node.Input[1]) is { } weight)
            {
                measured.Add((node, weight));
                if (observed.Graph.FindOutput(node.Output[0]) is null)
                {
                    observed.Graph.AddOutput(node.Output[0], TensorElementType.Float);
                }
            }
        }

        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        using InferenceSession session = InferenceSession.Load(environment, observed.ToBytes(), model.Graph.Name + " (cost)", options);
        IReadOnlyList<InferenceOutput> outputs = SessionRuns.Run(session, input);
        long macs = 0;
        foreach ((NodeProto node, TensorProto weight) in measured)
        {
            ReadOnlySpan<long> shape = SessionRuns.Find(outputs, node.Output[0], session.ModelName).Shape;
            long outputElements = 1;
            foreach (long d in shape)
            {
                outputElements *= d;
            }

            // Each output element takes one multiply-accumulate per weight of its filter (conv) or per row of B (Gemm, MatMul).
            long perOutput = node.OpType == "Conv"
                ? OnnxTensors.ElementCount(weight) / weight.Dims[0]
                : weight.Dims[node.OpType == "Gemm" && node.GetInt("transB", 0) == 1 ? 1 : 0];
            macs += outputElements * perOutput;
        }

        return new ModelCost(parameters, macs);
    }
}
