using EdgeMer.Platform;
using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Onnx.Tests;

public sealed class TensorTests
{
    [Fact]
    public void Float_values_are_written_as_little_endian_raw_data()
    {
        TensorProto tensor = OnnxTensors.FromFloats("w", [1f, -2.5f], [2]);

        Assert.Equal((int)TensorElementType.Float, tensor.DataType);
        Assert.Equal([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0], tensor.RawData.ToByteArray());
        Assert.Empty(tensor.FloatData);
    }

    [Fact]
    public void Every_element_type_has_the_value_and_name_of_the_schema_data_type()
    {
        TensorElementType[] ours = Enum.GetValues<TensorElementType>();
        TensorProto.Types.DataType[] schema = Enum.GetValues<TensorProto.Types.DataType>();

        Assert.Equal(schema.Length, ours.Length);
        foreach (TensorElementType type in ours)
        {
            var dataType = (TensorProto.Types.DataType)(int)type;
            Assert.True(Enum.IsDefined(dataType), $"{type} has no schema data type");
            Assert.Equal(dataType.ToString(), type.ToString(), ignoreCase: true);
        }
    }

    [Fact]
    public void Values_of_each_type_read_back_as_written()
    {
        Assert.Equal([1.5, -2], OnnxTensors.ToDoubles(OnnxTensors.FromDoubles("d", [1.5, -2], [2])));
        Assert.Equal([long.MaxValue, -1], OnnxTensors.ToInt64s(OnnxTensors.FromInt64s("l", [long.MaxValue, -1], [1, 2])));
        Assert.Equal([int.MinValue], OnnxTensors.ToInt32s(OnnxTensors.FromInt32s("i", [int.MinValue], [])));
        Assert.Equal([(byte)0, 255], OnnxTensors.ToUInt8s(OnnxTensors.FromUInt8s("u", [0, 255], [2])));
        Assert.Equal([(sbyte)-128, 127], OnnxTensors.ToInt8s(OnnxTensors.FromInt8s("s", [-128, 127], [2])));
        Assert.Equal([true, false], OnnxTensors.ToBools(OnnxTensors.FromBools("b", [true, false], [2])));
        Assert.Equal(["happy", "sad"], OnnxTensors.ToStrings(OnnxTensors.FromStrings("n", ["happy", "sad"], [2])));
        Assert.Equal([0.5f, 2f], OnnxTensors.ToFloatsConverted(OnnxTensors.FromHalfs("h", [(Half)0.5f, (Half)2f], [2])));
    }

    [Fact]
    public void Typed_fields_written_by_other_tools_are_read_too()
    {
        var tensor = new TensorProto { Name = "q", DataType = (int)TensorElementType.UInt8 };
        tensor.Dims.Add(3);
        tensor.Int32Data.Add([0, 128, 255]);

        Assert.Equal([(byte)0, 128, 255], OnnxTensors.ToUInt8s(tensor));
        Assert.Equal([0f, 128f, 255f], OnnxTensors.ToFloatsConverted(tensor));
    }

    [Fact]
    public void Values_that_do_not_fill_the_dims_are_rejected_naming_the_tensor()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => OnnxTensors.FromFloats("conv.weight", [1f, 2f, 3f], [2, 2]));
        Assert.Contains("conv.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_data_shorter_than_the_dims_need_is_an_error_naming_the_tensor()
    {
        TensorProto tensor = OnnxTensors.FromFloats("bias", [1f, 2f], [2]);
        tensor.Dims[0] = 3;

        OnnxModelException error = Assert.Throws<OnnxModelException>(() => OnnxTensors.ToFloats(tensor));
        Assert.Contains("'bias'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_tensor_as_the_wrong_type_is_an_error_naming_both_types()
    {
        TensorProto tensor = OnnxTensors.FromInt64s("shape", [1], [1]);

        OnnxModelException error = Assert.Throws<OnnxModelException>(() => OnnxTensors.ToFloats(tensor));
        Assert.Contains("Int64", error.Message, StringComparison.Ordinal);
        Assert.Contains("Float", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scalar_has_no_dims_and_one_element()
    {
        TensorProto scalar = OnnxTensors.FromFloats("s", [3f], []);

        Assert.Empty(scalar.Dims);
        Assert.Equal(1, OnnxTensors.ElementCount(scalar));
    }
}
