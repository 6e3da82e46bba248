using System.Buffers.Binary;
using EdgeMer.Platform;
using EdgeMer.Onnx;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>
/// Reads the weight shards a TensorFlow.js weights manifest lists, in order, and dequantizes them
/// the way TensorFlow.js does: uint8/uint16 as <c>q * scale + min</c> (rounded for int32 weights),
/// float16 widened to float32.
/// </summary>
internal static class TfJsWeights
{
    public static Dictionary<string, TfJsConstant> Load(string modelJsonPath, List<TfJsWeightGroup> manifest)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!;
        var constants = new Dictionary<string, TfJsConstant>(StringComparer.Ordinal);
        foreach (TfJsWeightGroup group in manifest)
        {
            List<string> paths = group.Paths ?? [];
            var shards = new List<(string Path, byte[] Bytes)>(paths.Count);
            foreach (string relative in paths)
            {
                string path = ShardPath(folder, relative, modelJsonPath);
                if (!File.Exists(path))
                {
                    throw new TfJsImportException($"weight shard {path} listed in {modelJsonPath} does not exist");
                }

                shards.Add((path, ReadShard(path, modelJsonPath)));
            }

            byte[] data = Concatenate(shards, modelJsonPath);
            int offset = 0;
            foreach (TfJsWeightSpec spec in group.Weights ?? [])
            {
                long[] dims = [.. spec.Shape ?? []];
                int width = StoredWidth(spec, modelJsonPath);
                int bytes = StoredSize(spec, dims, width, modelJsonPath);
                if ((long)offset + bytes > data.Length)
                {
                    string shard = ShardAt(shards, (long)offset + bytes);
                    throw new TfJsImportException(
                        $"weight shard {shard} is too short: weight '{spec.Name}' needs bytes {offset}..{(long)offset + bytes} of the weights listed in {modelJsonPath}, " +
                        $"but the shards hold {data.Length} bytes");
                }

                constants[spec.Name] = Decode(spec, dims, data.AsSpan(offset, bytes), bytes / width, modelJsonPath);
                offset += bytes;
            }

            if (offset != data.Length)
            {
                throw new TfJsImportException(
                    $"weight shards {string.Join(", ", paths)} of {modelJsonPath} hold {data.Length} bytes but the manifest describes {offset}; the shards do not belong to this model");
            }
        }

        return constants;
    }

    /// <summary>
    /// The bytes a weight takes in the shards: its element count times the stored width. A negative
    /// dimension, or a size one array cannot hold, is an error naming the weight and the manifest.
    /// </summary>
    private static int StoredSize(TfJsWeightSpec spec, long[] dims, int width, string source)
    {
        foreach (long dim in dims)
        {
            if (dim < 0)
            {
                throw new TfJsImportException(
                    $"{source}: weight '{spec.Name}' has shape [{string.Join(", ", dims)}] in the weights manifest; a dimension cannot be negative");
            }
        }

        if (Array.IndexOf(dims, 0L) >= 0)
        {
            return 0;
        }

        long bytes = width;
        foreach (long dim in dims)
        {
            if (bytes > int.MaxValue / dim)
            {
                throw new TfJsImportException(
                    $"{source}: weight '{spec.Name}' has shape [{string.Join(", ", dims)}] in the weights manifest, more than {int.MaxValue} bytes at {width} bytes per value; " +
                    "no TensorFlow.js shard holds that");
            }

            bytes *= dim;
        }

        return (int)bytes;
    }

    private static string ShardPath(string folder, string relative, string source)
    {
        try
        {
            return Path.GetFullPath(Path.Combine(folder, relative));
        }
        catch (ArgumentException e)
        {
            throw new TfJsImportException($"{source}: weight shard path '{relative}' is not a valid path: {e.Message}", e);
        }
    }

    private static byte[] ReadShard(string path, string source)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TfJsImportException($"cannot read weight shard {path} listed in {source}: {e.Message}", e);
        }
    }

    private static byte[] Concatenate(List<(string Path, byte[] Bytes)> shards, string source)
    {
        long total = 0;
        foreach ((_, byte[] bytes) in shards)
        {
            total += bytes.Length;
        }

        if (total > Array.MaxLength)
        {
            throw new TfJsImportException($"the weight shards listed in {source} hold {total} bytes together, more than one model's weights can be ({Array.MaxLength} bytes)");
        }

        byte[] data = new byte[(int)total];
        int at = 0;
        foreach ((_, byte[] bytes) in shards)
        {
            bytes.CopyTo(data, at);
            at += bytes.Length;
        }

        return data;
    }

    /// <summary>The shard that would have held byte <paramref name="end"/>: the last one, since it ends too early.</summary>
    private static string ShardAt(List<(string Path, byte[] Bytes)> shards, long end)
    {
        long start = 0;
        foreach ((string path, byte[] bytes) in shards)
        {
            if (end <= start + bytes.Length)
            {
                return path;
            }

            start += bytes.Length;
        }

        return shards.Count > 0 ? shards[^1].Path : "(none listed)";
    }

    private static int StoredWidth(TfJsWeightSpec spec, string source)
    {
        string? quantized = spec.Quantization?.Dtype;
        if (quantized is not null)
        {
            return quantized switch
            {
                "uint8" => 1,
                "uint16" or "float16" => 2,
                _ => throw new TfJsImportException($"{source}: weight '{spec.Name}' uses quantization '{quantized}'; supported are uint8, uint16 and float16"),
            };
        }

        return spec.Dtype switch
        {
            "float32" or "int32" => 4,
            "bool" => 1,
            _ => throw new TfJsImportException($"{source}: weight '{spec.Name}' has dtype '{spec.Dtype}'; supported are float32, int32 and bool"),
        };
    }

    private static TfJsConstant Decode(TfJsWeightSpec spec, long[] dims, ReadOnlySpan<byte> bytes, int count, string source)
    {
        string dtype = spec.Dtype ?? "float32";
        if (dtype is not ("float32" or "int32" or "bool"))
        {
            throw new TfJsImportException($"{source}: weight '{spec.Name}' has dtype '{dtype}'; supported are float32, int32 and bool");
        }

        if (spec.Quantization is { Dtype: { } quantized } quantization)
        {
            return Dequantize(spec, dims, bytes, count, quantized, quantization, dtype, source);
        }

        switch (dtype)
        {
            case "float32":
                {
                    float[] values = new float[count];
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
                    }

                    return new TfJsConstant(TensorElementType.Float, dims, values, null, null);
                }

            case "int32":
                {
                    int[] values = new int[count];
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * 4, 4));
                    }

                    return new TfJsConstant(TensorElementType.Int32, dims, null, values, null);
                }

            default:
                {
                    bool[] values = new bool[count];
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = bytes[i] != 0;
                    }

                    return new TfJsConstant(TensorElementType.Bool, dims, null, null, values);
                }
        }
    }

    private static TfJsConstant Dequantize(
        TfJsWeightSpec spec, long[] dims, ReadOnlySpan<byte> bytes, int count, string quantized, TfJsQuantization quantization, string dtype, string source)
    {
        double[] values = new double[count];
        if (quantized == "float16")
        {
            for (int i = 0; i < count; i++)
            {
                values[i] = (double)BinaryPrimitives.ReadHalfLittleEndian(bytes.Slice(i * 2, 2));
            }
        }
        else
        {
            if (quantization.Scale is not { } scale || quantization.Min is not { } min)
            {
                throw new TfJsImportException($"{source}: weight '{spec.Name}' is {quantized}-quantized but its manifest entry lacks scale or min");
            }

            for (int i = 0; i < count; i++)
            {
                int q = quantized == "uint8" ? bytes[i] : BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(i * 2, 2));
                values[i] = (q * scale) + min;
            }
        }

        if (dtype == "float32")
        {
            float[] floats = new float[count];
            for (int i = 0; i < count; i++)
            {
                floats[i] = (float)values[i];
            }

            return new TfJsConstant(TensorElementType.Float, dims, floats, null, null);
        }

        if (dtype == "int32")
        {
            int[] ints = new int[count];
            for (int i = 0; i < count; i++)
            {
                ints[i] = (int)Math.Floor(values[i] + 0.5); // JavaScript's Math.round
            }

            return new TfJsConstant(TensorElementType.Int32, dims, null, ints, null);
        }

        throw new TfJsImportException($"{source}: weight '{spec.Name}' is a quantized {dtype}, which TensorFlow.js does not produce");
    }
}
