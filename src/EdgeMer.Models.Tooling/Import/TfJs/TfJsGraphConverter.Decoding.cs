using EdgeMer.Platform;
using EdgeMer.Onnx;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>
/// The ops of the decoding that models such as MoveNet MultiPose (CenterNet peaks, top-k people,
/// keypoint regression snapped to heatmap maxima) and the BlazePose detector (anchor reshaping) carry
/// inside the graph: shapes and sizes, comparisons and selection, slicing, tiling, ranges, top-k.
/// </summary>
internal sealed partial class TfJsGraphConverter
{
    /// <summary>More parts than any real Split has; keeps a damaged <c>num_split</c> from allocating gigabytes of names.</summary>
    private const int MaxSplitOutputs = 1 << 16;

    private static readonly long[] s_nchwToNhwcAxes = [0, 2, 3, 1];

    private static Dictionary<string, Action<TfJsGraphConverter, TfJsNode>> WithDecodingOps(Dictionary<string, Action<TfJsGraphConverter, TfJsNode>> converters)
    {
        converters["Abs"] = static (c, n) => c.ConvertUnary(n, "Abs");
        converters["Exp"] = static (c, n) => c.ConvertUnary(n, "Exp");
        converters["Reciprocal"] = static (c, n) => c.ConvertUnary(n, "Reciprocal");
        converters["Less"] = static (c, n) => c.ConvertComparison(n, "Less");
        converters["Greater"] = static (c, n) => c.ConvertComparison(n, "Greater");
        converters["GreaterEqual"] = static (c, n) => c.ConvertComparison(n, "GreaterOrEqual");
        converters["Equal"] = static (c, n) => c.ConvertComparison(n, "Equal");
        converters["LogicalAnd"] = static (c, n) => c.ConvertComparison(n, "And");
        converters["Select"] = static (c, n) => c.ConvertSelect(n);
        converters["SelectV2"] = static (c, n) => c.ConvertSelect(n);
        converters["AddN"] = static (c, n) => c.ConvertAddN(n);
        converters["Shape"] = static (c, n) => c.ConvertShape(n);
        converters["Size"] = static (c, n) => c.ConvertSize(n);
        converters["Fill"] = static (c, n) => c.ConvertFill(n);
        converters["Tile"] = static (c, n) => c.ConvertTile(n);
        converters["Range"] = static (c, n) => c.ConvertRange(n);
        converters["Split"] = static (c, n) => c.ConvertSplit(n);
        converters["StridedSlice"] = static (c, n) => c.ConvertStridedSlice(n);
        converters["TopKV2"] = static (c, n) => c.ConvertTopK(n);
        converters["DepthToSpace"] = static (c, n) => c.ConvertDepthToSpace(n);
        return converters;
    }

    /// <summary>Comparisons and LogicalAnd: element-wise with broadcasting, a bool result.</summary>
    private void ConvertComparison(TfJsNode node, string op)
    {
        TensorValue a = Input(node, 0);
        TensorValue b = Input(node, 1);
        string output = Unique(node.Name);
        Graph.AddNode(op, [Nhwc(a), Nhwc(b)], [output], Unique(node.Name));
        SetNhwc(node, output, TensorElementType.Bool);
    }

    /// <summary>
    /// Select (and SelectV2) as ONNX Where. TensorFlow's Select also takes a vector condition picking
    /// whole rows of higher-rank operands, which Where would broadcast along the last axis instead; a
    /// constant condition of that kind is refused, a computed one is read as element-wise.
    /// </summary>
    private void ConvertSelect(TfJsNode node)
    {
        TensorValue condition = Input(node, 0);
        TensorValue whenTrue = Input(node, 1);
        TensorValue whenFalse = Input(node, 2);
        string output = Unique(node.Name);
        Graph.AddNode("Where", [Nhwc(condition), Nhwc(whenTrue), Nhwc(whenFalse)], [output], Unique(node.Name));
        SetNhwc(node, output, whenTrue.Type);
    }

    private void ConvertAddN(TfJsNode node)
    {
        int count = DataInputCount(node);
        if (count < 1)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has no inputs to add");
        }

        var inputs = new string[count];
        TensorElementType type = TensorElementType.Undefined;
        for (int i = 0; i < count; i++)
        {
            TensorValue value = Input(node, i);
            type = value.Type;
            inputs[i] = Nhwc(value);
        }

        string output = Unique(node.Name);
        Graph.AddNode("Sum", inputs, [output], Unique(node.Name));
        SetNhwc(node, output, type);
    }

    /// <summary>
    /// Shape in TensorFlow's layout, as <c>out_type</c> (int32 unless told). A tensor held only
    /// channels-first is not transposed back for it: its shape is read and reordered.
    /// </summary>
    private void ConvertShape(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        TensorElementType type = AttrType(node, "out_type", TensorElementType.Int32);
        string shape = Unique(node.Name + "/int64");
        if (x.Nhwc is null && x.Nchw is not null)
        {
            string nchw = Unique(node.Name + "/nchw");
            Graph.AddNode("Shape", [x.Nchw], [nchw], Unique(node.Name + "/shape_nchw"));
            Graph.AddNode("Gather", [nchw, Int64s(node.Name + "/to_nhwc", s_nchwToNhwcAxes)], [shape], Unique(node.Name + "/reorder"), OnnxAttributes.Int("axis", 0));
        }
        else
        {
            Graph.AddNode("Shape", [Nhwc(x)], [shape], Unique(node.Name));
        }

        SetNhwc(node, type == TensorElementType.Int64 ? shape : CastTo(shape, type, node.Name), type);
    }

    /// <summary>Size: the element count (the same in either layout), as <c>out_type</c>.</summary>
    private void ConvertSize(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        TensorElementType type = AttrType(node, "out_type", TensorElementType.Int32);
        string size = Unique(node.Name + "/int64");
        Graph.AddNode("Size", [x.Nchw ?? Nhwc(x)], [size], Unique(node.Name));
        SetNhwc(node, type == TensorElementType.Int64 ? size : CastTo(size, type, node.Name), type);
    }

    /// <summary>Fill(dims, value) as Expand of the scalar value to the int64 dims.</summary>
    private void ConvertFill(TfJsNode node)
    {
        string dims = Int64Operand(node, 0, "dims");
        TensorValue value = Input(node, 1);
        string output = Unique(node.Name);
        Graph.AddNode("Expand", [Nhwc(value), dims], [output], Unique(node.Name));
        SetNhwc(node, output, value.Type);
    }

    private void ConvertTile(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        string multiples = Int64Operand(node, 1, "multiples");
        string output = Unique(node.Name);
        Graph.AddNode("Tile", [Nhwc(x), multiples], [output], Unique(node.Name));
        SetNhwc(node, output, x.Type);
    }

    /// <summary>Range(start, limit, delta): scalars of one type, as in ONNX.</summary>
    private void ConvertRange(TfJsNode node)
    {
        TensorValue start = Input(node, 0);
        TensorValue limit = Input(node, 1);
        TensorValue delta = Input(node, 2);
        if (start.Type != limit.Type || start.Type != delta.Type)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has start, limit and delta of types {start.Type}, {limit.Type} and {delta.Type}; they must be one type");
        }

        string output = Unique(node.Name);
        Graph.AddNode("Range", [Nhwc(start), Nhwc(limit), Nhwc(delta)], [output], Unique(node.Name));
        SetNhwc(node, output, start.Type);
    }

    /// <summary>Split(axis, value) into <c>num_split</c> equal parts; output k is <c>node:k</c>.</summary>
    private void ConvertSplit(TfJsNode node)
    {
        long axis = ScalarInput(node, 0, "split dimension");
        TensorValue x = Input(node, 1);
        long num = AttrInt(node, "num_split");
        if (num is < 1 or > MaxSplitOutputs)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has num_split = {num}; allowed are 1..{MaxSplitOutputs}");
        }

        var parts = new string[num];
        for (int k = 0; k < parts.Length; k++)
        {
            parts[k] = Unique(OutputTfName(node.Name, k));
        }

        if (num == 1)
        {
            Graph.AddNode("Identity", [Nhwc(x)], parts, Unique(node.Name));
        }
        else
        {
            Graph.AddNode("Split", [Nhwc(x)], parts, Unique(node.Name), OnnxAttributes.Int("axis", axis));
        }

        for (int k = 0; k < parts.Length; k++)
        {
            SetNhwc(node, parts[k], x.Type, k);
        }
    }

    /// <summary>
    /// StridedSlice with constant begin, end and strides and the begin, end, new-axis and
    /// shrink-axis masks (not the ellipsis mask): one ONNX Slice over the input axes the spec
    /// names, a Squeeze of the shrunk axes and an Unsqueeze of the new ones.
    /// </summary>
    private void ConvertStridedSlice(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        long[] begin = ConstantInput(node, 1, "begin").ToInt64s(_source, node.Name);
        long[] end = ConstantInput(node, 2, "end").ToInt64s(_source, node.Name);
        long[] strides = ConstantInput(node, 3, "strides").ToInt64s(_source, node.Name);
        if (begin.Length != end.Length || begin.Length != strides.Length)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has {begin.Length} begin, {end.Length} end and {strides.Length} stride values; they must be as many");
        }

        long beginMask = AttrInt(node, "begin_mask", 0);
        long endMask = AttrInt(node, "end_mask", 0);
        long newAxisMask = AttrInt(node, "new_axis_mask", 0);
        long shrinkMask = AttrInt(node, "shrink_axis_mask", 0);
        if (AttrInt(node, "ellipsis_mask", 0) != 0)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has an ellipsis_mask; the importer supports StridedSlice without an ellipsis");
        }

        var starts = new List<long>();
        var ends = new List<long>();
        var axes = new List<long>();
        var steps = new List<long>();
        var squeezed = new List<long>();
        var added = new List<long>();
        long inputAxis = 0;
        long outputAxis = 0;
        for (int i = 0; i < begin.Length; i++)
        {
            long bit = 1L << i;
            if ((newAxisMask & bit) != 0)
            {
                added.Add(outputAxis++);
                continue;
            }

            if (strides[i] == 0)
            {
                throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has stride 0 at position {i}");
            }

            if ((shrinkMask & bit) != 0)
            {
                starts.Add(begin[i]);
                ends.Add(begin[i] == -1 ? long.MaxValue : begin[i] + 1);
                steps.Add(1);
                squeezed.Add(inputAxis);
            }
            else
            {
                bool forward = strides[i] > 0;
                starts.Add((beginMask & bit) != 0 ? (forward ? 0 : long.MaxValue) : begin[i]);
                ends.Add((endMask & bit) != 0 ? (forward ? long.MaxValue : long.MinValue) : end[i]);
                steps.Add(strides[i]);
                outputAxis++;
            }

            axes.Add(inputAxis++);
        }

        string current = Nhwc(x);
        if (axes.Count > 0)
        {
            string sliced = Unique(node.Name + "/sliced");
            Graph.AddNode(
                "Slice",
                [current, Int64s(node.Name + "/starts", [.. starts]), Int64s(node.Name + "/ends", [.. ends]), Int64s(node.Name + "/axes", [.. axes]), Int64s(node.Name + "/steps", [.. steps])],
                [sliced],
                Unique(node.Name + "/slice"));
            current = sliced;
        }

        if (squeezed.Count > 0)
        {
            string narrowed = Unique(node.Name + "/squeezed");
            Graph.AddNode("Squeeze", [current, Int64s(node.Name + "/shrink_axes", [.. squeezed])], [narrowed], Unique(node.Name + "/shrink"));
            current = narrowed;
        }

        if (added.Count > 0)
        {
            string widened = Unique(node.Name + "/widened");
            Graph.AddNode("Unsqueeze", [current, Int64s(node.Name + "/new_axes", [.. added])], [widened], Unique(node.Name + "/new_axis"));
            current = widened;
        }

        if (current == Nhwc(x))
        {
            string copy = Unique(node.Name);
            Graph.AddNode("Identity", [current], [copy], Unique(node.Name));
            current = copy;
        }

        SetNhwc(node, current, x.Type);
    }

    /// <summary>
    /// TopKV2 over the last axis, largest first and sorted (ties: the lower index first, in both
    /// runtimes); values are <c>node:0</c>, indices (int32, as TensorFlow gives them) <c>node:1</c>.
    /// </summary>
    private void ConvertTopK(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        if (!AttrBool(node, "sorted", true))
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) asks for unsorted results; the importer supports sorted top-k only");
        }

        string k = Int64Operand(node, 1, "k", asVector: true);
        string values = Unique(node.Name);
        string indices = Unique(node.Name + "/indices_int64");
        Graph.AddNode("TopK", [Nhwc(x), k], [values, indices], Unique(node.Name), OnnxAttributes.Int("axis", -1), OnnxAttributes.Int("largest", 1), OnnxAttributes.Int("sorted", 1));
        SetNhwc(node, values, x.Type, 0);
        SetNhwc(node, CastTo(indices, TensorElementType.Int32, node.Name + "/indices"), TensorElementType.Int32, 1);
    }

    /// <summary>DepthToSpace on NHWC data is ONNX's DCR DepthToSpace on NCHW: it runs channels-first.</summary>
    private void ConvertDepthToSpace(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        string format = AttrString(node, "data_format", "NHWC");
        if (format != "NHWC")
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has data_format '{format}'; supported is NHWC");
        }

        long block = AttrInt(node, "block_size");
        if (block < 2)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has block_size {block}; it must be at least 2");
        }

        string output = Unique(node.Name + "/nchw");
        Graph.AddNode("DepthToSpace", [Nchw(x)], [output], Unique(node.Name), OnnxAttributes.Int("blocksize", block), OnnxAttributes.String("mode", "DCR"));
        SetNchw(node, output, x.Type);
    }

    /// <summary>An int32 or int64 operand as an int64 ONNX value: constants converted at import, computed ones cast.</summary>
    private string Int64Operand(TfJsNode node, int index, string what, bool asVector = false)
    {
        TensorValue value = Input(node, index);
        if (value.Constant is { } constant)
        {
            long[] values = constant.ToInt64s(_source, node.Name);
            long[] dims = asVector ? [values.Length] : constant.Dims;
            return AddInitializer(OnnxTensors.FromInt64s($"{node.Name}/{what}", values, dims));
        }

        string computed = value.Type == TensorElementType.Int64 ? Nhwc(value) : CastTo(Nhwc(value), TensorElementType.Int64, $"{node.Name}/{what}");
        if (!asVector)
        {
            return computed;
        }

        string vector = Unique($"{node.Name}/{what}_vector");
        Graph.AddNode("Reshape", [computed, Int64s($"{node.Name}/{what}_shape", 1)], [vector], Unique($"{node.Name}/{what}_reshape"));
        return vector;
    }
}
