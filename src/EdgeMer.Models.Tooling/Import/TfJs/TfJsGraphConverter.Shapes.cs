using EdgeMer.Platform;
using EdgeMer.Onnx;

namespace EdgeMer.Models.Tooling.Import.TfJs;

internal sealed partial class TfJsGraphConverter
{
    /// <summary>More outputs than any real Unpack has; keeps a damaged <c>num</c> from allocating gigabytes of names.</summary>
    private const int MaxUnpackOutputs = 1 << 16;

    private static readonly int[] s_nhwcAxisInNchw = [0, 2, 3, 1];

    /// <summary>
    /// Mean, Max and Sum over constant axes. Global pooling (axes 1 and 2, not kept) runs
    /// channels-first: the result [N, C] is the same. In opset 17 ReduceSum takes its axes as an
    /// input, ReduceMean and ReduceMax as an attribute. An empty axes list reduces nothing in
    /// TensorFlow but everything in ONNX (noop_with_empty_axes is 0), so the input passes through
    /// unchanged, as a TensorFlow Identity does.
    /// </summary>
    private void ConvertReduce(TfJsNode node, string op)
    {
        TensorValue x = Input(node, 0);
        long[] axes = ConstantInput(node, 1, "axes").ToInt64s(_source, node.Name);
        if (axes.Length == 0)
        {
            _values[OutputKey(node.Name, 0)] = x;
            return;
        }

        bool keep = AttrBool(node, "keep_dims", false);
        bool channelsFirst = x.Nchw is not null && !keep && axes.Length == 2 && IsSpatial(axes[0]) && IsSpatial(axes[1]) && axes[0] != axes[1];
        string input = channelsFirst ? x.Nchw! : Nhwc(x);
        long[] onnxAxes = channelsFirst ? [2, 3] : axes;
        string output = Unique(node.Name);
        if (op == "ReduceSum")
        {
            Graph.AddNode(op, [input, Int64s(node.Name + "/axes", onnxAxes)], [output], Unique(node.Name), OnnxAttributes.Int("keepdims", keep ? 1 : 0));
        }
        else
        {
            Graph.AddNode(op, [input], [output], Unique(node.Name), OnnxAttributes.Ints("axes", onnxAxes), OnnxAttributes.Int("keepdims", keep ? 1 : 0));
        }

        SetNhwc(node, output, x.Type);

        static bool IsSpatial(long axis) => axis is 1 or 2 or -3 or -2;
    }

    /// <summary>Pad with constant paddings [rank, 2] (zeros); channels-first when the input is.</summary>
    private void ConvertPad(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        long[] paddings = ConstantInput(node, 1, "paddings").ToInt64s(_source, node.Name);
        if (paddings.Length == 0 || paddings.Length % 2 != 0)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has {paddings.Length} paddings; it needs a [rank, 2] table (before and after per axis)");
        }

        int rank = paddings.Length / 2;
        bool channelsFirst = x.Nchw is not null && rank == 4;
        long[] pads = new long[paddings.Length];
        for (int axis = 0; axis < rank; axis++)
        {
            int target = channelsFirst ? s_nhwcAxisInNchw[axis] : axis;
            pads[target] = paddings[2 * axis];
            pads[rank + target] = paddings[(2 * axis) + 1];
        }

        string[] inputs = [channelsFirst ? x.Nchw! : Nhwc(x), Int64s(node.Name + "/pads", pads)];
        string output = Unique(channelsFirst ? node.Name + "/nchw" : node.Name);
        Graph.AddNode("Pad", inputs, [output], Unique(node.Name), OnnxAttributes.String("mode", "constant"));
        Set(node, output, x.Type, channelsFirst);
    }

    private void ConvertReshape(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        TensorValue shape = Input(node, 1);
        string shapeName;
        bool zeroIsSize = false;
        if (shape.Constant is { } constant)
        {
            long[] dims = constant.ToInt64s(_source, node.Name);
            zeroIsSize = Array.IndexOf(dims, 0L) >= 0;
            shapeName = Int64s(node.Name + "/shape", dims);
        }
        else
        {
            shapeName = CastTo(Nhwc(shape), TensorElementType.Int64, node.Name + "/shape");
        }

        string output = Unique(node.Name);
        if (zeroIsSize)
        {
            // A 0 in a TensorFlow shape is a size; ONNX would copy the input's dimension instead.
            Graph.AddNode("Reshape", [Nhwc(x), shapeName], [output], Unique(node.Name), OnnxAttributes.Int("allowzero", 1));
        }
        else
        {
            Graph.AddNode("Reshape", [Nhwc(x), shapeName], [output], Unique(node.Name));
        }

        SetNhwc(node, output, x.Type);
    }

    private void ConvertConcat(TfJsNode node)
    {
        int count = DataInputCount(node) - 1;
        if (count < 1)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has {count + 1} inputs; it needs the tensors to join and the axis");
        }

        long axis = ScalarInput(node, count, "axis");
        var values = new List<TensorValue>(count);
        bool channelsFirst = true;
        for (int i = 0; i < count; i++)
        {
            TensorValue value = Input(node, i);
            values.Add(value);
            channelsFirst &= value.Nchw is not null;
        }

        var inputs = new string[count];
        for (int i = 0; i < count; i++)
        {
            inputs[i] = channelsFirst ? values[i].Nchw! : Nhwc(values[i]);
        }

        if (channelsFirst && axis is < -4 or > 3)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) joins 4-D tensors along axis {axis}; allowed are -4..3");
        }

        long onnxAxis = channelsFirst ? s_nhwcAxisInNchw[axis < 0 ? axis + 4 : axis] : axis;
        string output = Unique(channelsFirst ? node.Name + "/nchw" : node.Name);
        Graph.AddNode("Concat", inputs, [output], Unique(node.Name), OnnxAttributes.Int("axis", onnxAxis));
        Set(node, output, values[0].Type, channelsFirst);
    }

    /// <summary>Pack stacks along a new axis: each input unsqueezed there, then concatenated.</summary>
    private void ConvertPack(TfJsNode node)
    {
        long axis = AttrInt(node, "axis", 0);
        int count = DataInputCount(node);
        string axes = Int64s(node.Name + "/axis", axis);
        var parts = new string[count];
        TensorElementType type = TensorElementType.Undefined;
        for (int i = 0; i < count; i++)
        {
            TensorValue value = Input(node, i);
            type = value.Type;
            parts[i] = Unique($"{node.Name}/part{i}");
            Graph.AddNode("Unsqueeze", [Nhwc(value), axes], [parts[i]], Unique($"{node.Name}/unsqueeze{i}"));
        }

        string output = Unique(node.Name);
        Graph.AddNode("Concat", parts, [output], Unique(node.Name), OnnxAttributes.Int("axis", axis));
        SetNhwc(node, output, type);
    }

    /// <summary>Unpack splits into <c>num</c> equal parts along an axis and drops that axis; output k is <c>node:k</c>.</summary>
    private void ConvertUnpack(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        long axis = AttrInt(node, "axis", 0);
        long num = AttrInt(node, "num");
        if (num is < 1 or > MaxUnpackOutputs)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has num = {num}; allowed are 1..{MaxUnpackOutputs}");
        }

        string axes = Int64s(node.Name + "/axis", axis);
        var parts = new string[num];
        for (int k = 0; k < parts.Length; k++)
        {
            parts[k] = Unique($"{node.Name}/part{k}");
        }

        if (num > 1)
        {
            Graph.AddNode("Split", [Nhwc(x)], parts, Unique(node.Name + "/split"), OnnxAttributes.Int("axis", axis));
        }
        else
        {
            parts[0] = Nhwc(x);
        }

        for (int k = 0; k < parts.Length; k++)
        {
            string output = Unique(OutputTfName(node.Name, k));
            Graph.AddNode("Squeeze", [parts[k], axes], [output], Unique($"{node.Name}/squeeze{k}"));
            SetNhwc(node, output, x.Type, k);
        }
    }

    private void ConvertExpandDims(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        long axis = ScalarInput(node, 1, "dim");
        string output = Unique(node.Name);
        Graph.AddNode("Unsqueeze", [Nhwc(x), Int64s(node.Name + "/axes", axis)], [output], Unique(node.Name));
        SetNhwc(node, output, x.Type);
    }

    private void ConvertSqueeze(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        long[] axes = AttrInts(node, "squeeze_dims", []);
        string output = Unique(node.Name);
        if (axes.Length > 0)
        {
            Graph.AddNode("Squeeze", [Nhwc(x), Int64s(node.Name + "/axes", axes)], [output], Unique(node.Name));
        }
        else
        {
            Graph.AddNode("Squeeze", [Nhwc(x)], [output], Unique(node.Name));
        }

        SetNhwc(node, output, x.Type);
    }

    /// <summary>ONNX ArgMax yields int64; TensorFlow's output_type (int32 here) is restored with a Cast.</summary>
    private void ConvertArgMax(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        long axis = ScalarInput(node, 1, "dimension");
        TensorElementType type = AttrType(node, "output_type", TensorElementType.Int64);
        string indices = Unique(node.Name + "/int64");
        Graph.AddNode("ArgMax", [Nhwc(x)], [indices], Unique(node.Name), OnnxAttributes.Int("axis", axis), OnnxAttributes.Int("keepdims", 0));
        SetNhwc(node, type == TensorElementType.Int64 ? indices : CastTo(indices, type, node.Name), type);
    }

    /// <summary>ONNX GatherND takes int64 indices; constant indices are converted at import.</summary>
    private void ConvertGatherNd(TfJsNode node)
    {
        TensorValue data = Input(node, 0);
        TensorValue indices = Input(node, 1);
        string indexName = indices.Constant is { } constant
            ? AddInitializer(OnnxTensors.FromInt64s(indices.TfName + "/int64", constant.ToInt64s(_source, node.Name), constant.Dims))
            : indices.Type == TensorElementType.Int64 ? Nhwc(indices) : CastTo(Nhwc(indices), TensorElementType.Int64, node.Name + "/indices");
        string output = Unique(node.Name);
        Graph.AddNode("GatherND", [Nhwc(data), indexName], [output], Unique(node.Name));
        SetNhwc(node, output, data.Type);
    }

    /// <summary>
    /// ResizeBilinear to [height, width], constant or computed. The ONNX sizes keep the batch and channel
    /// dimensions from the input's run-time shape, so the batch may vary.
    /// </summary>
    private void ConvertResizeBilinear(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        TensorValue sizeValue = Input(node, 1);
        string spatial;
        if (sizeValue.Constant is { } constantSize)
        {
            long[] size = constantSize.ToInt64s(_source, node.Name);
            if (size.Length != 2)
            {
                throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has size [{string.Join(", ", size)}]; it needs [height, width]");
            }

            spatial = Int64s(node.Name + "/size", size);
        }
        else
        {
            // A size computed in the graph (an upsampling by a factor of the input's own shape).
            spatial = sizeValue.Type == TensorElementType.Int64 ? Nhwc(sizeValue) : CastTo(Nhwc(sizeValue), TensorElementType.Int64, node.Name + "/size");
        }

        bool alignCorners = AttrBool(node, "align_corners", false);
        bool halfPixel = AttrBool(node, "half_pixel_centers", false);
        string mode = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
        bool channelsFirst = x.Nchw is not null;
        string input = channelsFirst ? x.Nchw! : Nhwc(x);
        string sizes = Unique(node.Name + "/sizes");
        if (channelsFirst)
        {
            string batchAndChannels = Unique(node.Name + "/batch_channels");
            Graph.AddNode("Shape", [input], [batchAndChannels], Unique(node.Name + "/shape"), OnnxAttributes.Int("start", 0), OnnxAttributes.Int("end", 2));
            Graph.AddNode("Concat", [batchAndChannels, spatial], [sizes], Unique(node.Name + "/sizes"), OnnxAttributes.Int("axis", 0));
        }
        else
        {
            string batch = Unique(node.Name + "/batch");
            string channels = Unique(node.Name + "/channels");
            Graph.AddNode("Shape", [input], [batch], Unique(node.Name + "/shape_batch"), OnnxAttributes.Int("start", 0), OnnxAttributes.Int("end", 1));
            Graph.AddNode("Shape", [input], [channels], Unique(node.Name + "/shape_channels"), OnnxAttributes.Int("start", 3), OnnxAttributes.Int("end", 4));
            Graph.AddNode("Concat", [batch, spatial, channels], [sizes], Unique(node.Name + "/sizes"), OnnxAttributes.Int("axis", 0));
        }

        string output = Unique(channelsFirst ? node.Name + "/nchw" : node.Name);
        Graph.AddNode(
            "Resize", [input, "", "", sizes], [output], Unique(node.Name),
            OnnxAttributes.String("mode", "linear"),
            OnnxAttributes.String("coordinate_transformation_mode", mode));
        Set(node, output, x.Type, channelsFirst);
    }

    private string CastTo(string input, TensorElementType type, string baseName)
    {
        string output = Unique(baseName + "/cast");
        Graph.AddNode("Cast", [input], [output], Unique(baseName + "/cast"), OnnxAttributes.Int("to", (long)type));
        return output;
    }
}
