using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeMer.Capture;
using EdgeMer.Platform;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Imaging;

/// <summary>
/// Turns a region of an image into a model's input tensor exactly as its <see cref="ModelInputFormat"/>
/// says: bilinear resampling of the region (crop, resize, letterbox and turned regions alike), the
/// colour order or grey, the layout, and <c>pixel * scale + offset</c>, written straight into the
/// caller's tensor memory (a pinned input buffer). Sampling: the centre of input pixel (u, v) maps
/// through <see cref="RegionMapping"/> to an image point, read bilinearly between the four nearest
/// pixel centres; at the image's edge the edge pixel repeats, and beyond the image (half a pixel
/// past its border) pixels read as black. Upright regions take a separable path (vertical blend of
/// two source rows, then a gathered horizontal blend) in SIMD; turned regions are sampled per pixel.
/// Buffers grow to the largest input seen and are then reused: in steady state nothing is
/// allocated. One writer serves one thread.
/// </summary>
public sealed class ModelInputWriter
{
    private int[] _index0 = [];
    private int[] _index1 = [];
    private float[] _weight0 = [];
    private float[] _weight1 = [];
    private int[] _columnLeft = [];
    private int[] _columnRight = [];
    private float[] _columnWeightLeft = [];
    private float[] _columnWeightRight = [];
    private int[] _rowTop = [];
    private int[] _rowBottom = [];
    private float[] _rowWeightTop = [];
    private float[] _rowWeightBottom = [];
    private float[] _blended = [];
    private float[] _gray = [];
    private float[] _output = [];

    /// <summary>
    /// Writes <paramref name="region"/> of <paramref name="image"/> as one batch item of
    /// <paramref name="format"/> (a float32 format) into <paramref name="destination"/>, which holds
    /// exactly <see cref="ModelInputFormat.ElementCount"/> values. Returns where the input's pixels lie in the image.
    /// </summary>
    public RegionMapping Write(ImageView image, ImageRegion region, ModelInputFormat format, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (format.ElementType != TensorElementType.Float)
        {
            throw new ArgumentException($"the format is {format.ElementType}; write it into an int span", nameof(format));
        }

        CheckDestination(format, destination.Length);
        RegionMapping mapping = region.MapTo(format.Width, format.Height);
        if (mapping.IsAxisAligned)
        {
            WriteSeparable(image, mapping, format, destination);
        }
        else
        {
            WriteTurned(image, mapping, format, destination);
        }

        return mapping;
    }

    /// <summary>As the float overload, for an int32 format: values rounded to the nearest integer (ties to even).</summary>
    public RegionMapping Write(ImageView image, ImageRegion region, ModelInputFormat format, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (format.ElementType != TensorElementType.Int32)
        {
            throw new ArgumentException($"the format is {format.ElementType}; write it into a float span", nameof(format));
        }

        CheckDestination(format, destination.Length);
        Grow(ref _output, format.ElementCount);
        Span<float> values = _output.AsSpan(0, format.ElementCount);
        RegionMapping mapping = region.MapTo(format.Width, format.Height);
        if (mapping.IsAxisAligned)
        {
            WriteSeparable(image, mapping, format, values);
        }
        else
        {
            WriteTurned(image, mapping, format, values);
        }

        RoundToInt(values, destination);
        return mapping;
    }

    /// <summary>destination[i] = values[i] rounded to the nearest integer, ties to even (as <see cref="MathF.Round(float)"/>), eight at a time where the processor can.</summary>
    private static void RoundToInt(ReadOnlySpan<float> values, Span<int> destination)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float source = ref MemoryMarshal.GetReference(values);
            ref int target = ref MemoryMarshal.GetReference(destination);
            for (; i <= values.Length - 8; i += 8)
            {
                Vector256.ConvertToInt32(Vector256.Round(Vector256.LoadUnsafe(ref source, (nuint)i))).StoreUnsafe(ref target, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            destination[i] = (int)MathF.Round(values[i]);
        }
    }

    private static void CheckDestination(ModelInputFormat format, int destination)
    {
        if (destination != format.ElementCount)
        {
            throw new ArgumentException($"a {format.Width}x{format.Height}x{format.Channels} input takes {format.ElementCount} values; the destination holds {destination}", nameof(destination));
        }
    }

    private void WriteSeparable(ImageView image, RegionMapping mapping, ModelInputFormat format, Span<float> destination)
    {
        int width = format.Width, height = format.Height, channels = format.Channels;
        int sourceChannels = image.Channels;
        bool toGray = format.Colors == ColorOrder.Grayscale && sourceChannels == 3;

        // Columns: which two source columns each input column blends, and how much of each.
        int columnMin = int.MaxValue, columnMax = -1;
        Grow(ref _columnLeft, width);
        Grow(ref _columnRight, width);
        Grow(ref _columnWeightLeft, width);
        Grow(ref _columnWeightRight, width);
        Span<int> columnLeft = _columnLeft.AsSpan(0, width);
        Span<int> columnRight = _columnRight.AsSpan(0, width);
        Span<float> columnWeightLeft = _columnWeightLeft.AsSpan(0, width);
        Span<float> columnWeightRight = _columnWeightRight.AsSpan(0, width);
        for (int x = 0; x < width; x++)
        {
            double sx = (mapping.A * (x + 0.5)) + mapping.C - 0.5;
            Taps(sx, image.Width, out columnLeft[x], out columnRight[x], out columnWeightLeft[x], out columnWeightRight[x]);
            if (columnWeightLeft[x] + columnWeightRight[x] > 0)
            {
                columnMin = Math.Min(columnMin, columnLeft[x]);
                columnMax = Math.Max(columnMax, columnRight[x]);
            }
        }

        // The horizontal pass reads a blended row holding source columns columnMin..columnMax, in the
        // row's own channels (one when grey is made from colour first: grey is linear, so making it
        // before the horizontal blend gives the same values with a third of the work).
        int rowChannels = toGray ? 1 : sourceChannels;
        int count = width * channels;
        Grow(ref _index0, count);
        Grow(ref _index1, count);
        Grow(ref _weight0, count);
        Grow(ref _weight1, count);
        bool anyColumn = columnMax >= 0;
        if (!anyColumn)
        {
            columnMin = columnMax = 0;
        }

        for (int c = 0; c < channels; c++)
        {
            int source = SourceChannel(format.Colors, c, rowChannels);
            for (int x = 0; x < width; x++)
            {
                int k = format.Layout == TensorLayout.Nhwc ? (x * channels) + c : (c * width) + x;
                _index0[k] = ((columnLeft[x] - columnMin) * rowChannels) + source;
                _index1[k] = ((columnRight[x] - columnMin) * rowChannels) + source;
                _weight0[k] = columnWeightLeft[x] * format.Scale;
                _weight1[k] = columnWeightRight[x] * format.Scale;
            }
        }

        // Rows: which two source rows each input row blends.
        Grow(ref _rowTop, height);
        Grow(ref _rowBottom, height);
        Grow(ref _rowWeightTop, height);
        Grow(ref _rowWeightBottom, height);
        int[] tops = _rowTop, bottoms = _rowBottom;
        float[] weightTops = _rowWeightTop, weightBottoms = _rowWeightBottom;
        for (int y = 0; y < height; y++)
        {
            double sy = (mapping.E * (y + 0.5)) + mapping.F - 0.5;
            Taps(sy, image.Height, out tops[y], out bottoms[y], out weightTops[y], out weightBottoms[y]);
        }

        int span = columnMax - columnMin + 1;
        int blendedLength = span * sourceChannels;
        // Sized for a whole row of the image, not this region's span: a face that grows in the frame
        // then never makes the buffers grow mid-stream.
        Grow(ref _blended, Math.Max(blendedLength, image.Width * sourceChannels));
        Grow(ref _gray, Math.Max(span, image.Width));
        Span<float> blended = _blended.AsSpan(0, blendedLength);
        Span<float> row = toGray ? _gray.AsSpan(0, span) : blended;
        ReadOnlySpan<byte> pixels = image.Pixels;
        int plane = width * height;
        for (int y = 0; y < height; y++)
        {
            if (weightTops[y] + weightBottoms[y] == 0 || !anyColumn)
            {
                row.Clear();
            }
            else
            {
                ReadOnlySpan<byte> top = pixels.Slice((tops[y] * image.Stride) + (columnMin * sourceChannels), blendedLength);
                ReadOnlySpan<byte> bottom = pixels.Slice((bottoms[y] * image.Stride) + (columnMin * sourceChannels), blendedLength);
                BlendRows(top, bottom, weightTops[y], weightBottoms[y], blended);
                if (toGray)
                {
                    ToGray(blended, row);
                }
            }

            if (format.Layout == TensorLayout.Nhwc)
            {
                Horizontal(row, 0, count, format.Offset, destination.Slice(y * count, count));
            }
            else
            {
                for (int c = 0; c < channels; c++)
                {
                    Horizontal(row, c * width, width, format.Offset, destination.Slice((c * plane) + (y * width), width));
                }
            }
        }
    }

    private static int SourceChannel(ColorOrder colors, int channel, int rowChannels) =>
        rowChannels == 1 ? 0 : colors == ColorOrder.Bgr ? 2 - channel : channel;

    /// <summary>The two taps and weights for sample position <paramref name="s"/> (in pixel-index units) on an axis of <paramref name="size"/> pixels.</summary>
    private static void Taps(double s, int size, out int low, out int high, out float weightLow, out float weightHigh)
    {
        if (s < -0.5 || s > size - 0.5)
        {
            low = high = 0;
            weightLow = weightHigh = 0f;
            return;
        }

        double floor = Math.Floor(s);
        int i = (int)floor;
        float fraction = (float)(s - floor);
        low = Math.Clamp(i, 0, size - 1);
        high = Math.Clamp(i + 1, 0, size - 1);
        weightLow = 1f - fraction;
        weightHigh = fraction;
    }

    /// <summary>destination[i] = top[i] * weightTop + bottom[i] * weightBottom, bytes widened to floats.</summary>
    private static void BlendRows(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, float weightTop, float weightBottom, Span<float> destination)
    {
        int n = destination.Length;
        int i = 0;
        ref byte t = ref MemoryMarshal.GetReference(top);
        ref byte b = ref MemoryMarshal.GetReference(bottom);
        ref float d = ref MemoryMarshal.GetReference(destination);
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> wt = Vector256.Create(weightTop), wb = Vector256.Create(weightBottom);
            for (; i <= n - 16; i += 16)
            {
                (Vector256<float> t0, Vector256<float> t1) = Widen(Vector128.LoadUnsafe(ref t, (nuint)i));
                (Vector256<float> b0, Vector256<float> b1) = Widen(Vector128.LoadUnsafe(ref b, (nuint)i));
                ((t0 * wt) + (b0 * wb)).StoreUnsafe(ref d, (nuint)i);
                ((t1 * wt) + (b1 * wb)).StoreUnsafe(ref d, (nuint)(i + 8));
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> wt = Vector128.Create(weightTop), wb = Vector128.Create(weightBottom);
            for (; i <= n - 8; i += 8)
            {
                Vector128<ushort> tw = Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref t, i))).AsByte());
                Vector128<ushort> bw = Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, i))).AsByte());
                Vector128<float> t0 = Vector128.ConvertToSingle(Vector128.WidenLower(tw).AsInt32());
                Vector128<float> t1 = Vector128.ConvertToSingle(Vector128.WidenUpper(tw).AsInt32());
                Vector128<float> b0 = Vector128.ConvertToSingle(Vector128.WidenLower(bw).AsInt32());
                Vector128<float> b1 = Vector128.ConvertToSingle(Vector128.WidenUpper(bw).AsInt32());
                ((t0 * wt) + (b0 * wb)).StoreUnsafe(ref d, (nuint)i);
                ((t1 * wt) + (b1 * wb)).StoreUnsafe(ref d, (nuint)(i + 4));
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = (Unsafe.Add(ref t, i) * weightTop) + (Unsafe.Add(ref b, i) * weightBottom);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Low, Vector256<float> High) Widen(Vector128<byte> bytes)
    {
        Vector128<ushort> low = Vector128.WidenLower(bytes), high = Vector128.WidenUpper(bytes);
        return (
            Vector256.ConvertToSingle(Vector256.Create(Vector128.WidenLower(low), Vector128.WidenUpper(low)).AsInt32()),
            Vector256.ConvertToSingle(Vector256.Create(Vector128.WidenLower(high), Vector128.WidenUpper(high)).AsInt32()));
    }

    private static void ToGray(ReadOnlySpan<float> rgb, Span<float> gray)
    {
        (float r, float g, float b) = ModelInputFormat.GrayWeights;
        for (int i = 0; i < gray.Length; i++)
        {
            gray[i] = (rgb[3 * i] * r) + (rgb[(3 * i) + 1] * g) + (rgb[(3 * i) + 2] * b);
        }
    }

    /// <summary>destination[j] = row[index0[k]] * weight0[k] + row[index1[k]] * weight1[k] + offset for k = first + j.</summary>
    private unsafe void Horizontal(ReadOnlySpan<float> row, int first, int count, float offset, Span<float> destination)
    {
        int j = 0;
        fixed (float* source = row)
        fixed (int* index0 = &_index0[first])
        fixed (int* index1 = &_index1[first])
        fixed (float* weight0 = &_weight0[first])
        fixed (float* weight1 = &_weight1[first])
        fixed (float* target = destination)
        {
            if (Avx2.IsSupported)
            {
                // x64 gathers the two taps of eight values at once; other processors take the scalar loop.
                Vector256<float> add = Vector256.Create(offset);
                for (; j <= count - 8; j += 8)
                {
                    Vector256<float> low = Avx2.GatherVector256(source, Avx.LoadVector256(index0 + j), 4);
                    Vector256<float> high = Avx2.GatherVector256(source, Avx.LoadVector256(index1 + j), 4);
                    Vector256<float> value = Fma.IsSupported
                        ? Fma.MultiplyAdd(low, Avx.LoadVector256(weight0 + j), Fma.MultiplyAdd(high, Avx.LoadVector256(weight1 + j), add))
                        : (low * Avx.LoadVector256(weight0 + j)) + (high * Avx.LoadVector256(weight1 + j)) + add;
                    Avx.Store(target + j, value);
                }
            }

            for (; j < count; j++)
            {
                target[j] = (source[index0[j]] * weight0[j]) + (source[index1[j]] * weight1[j]) + offset;
            }
        }
    }

    private static void WriteTurned(ImageView image, RegionMapping mapping, ModelInputFormat format, Span<float> destination)
    {
        int width = format.Width, height = format.Height, channels = format.Channels;
        int sourceChannels = image.Channels;
        bool toGray = format.Colors == ColorOrder.Grayscale && sourceChannels == 3;
        (float grayR, float grayG, float grayB) = ModelInputFormat.GrayWeights;
        ReadOnlySpan<byte> pixels = image.Pixels;
        int plane = width * height;
        Span<float> pixel = stackalloc float[3];
        for (int y = 0; y < height; y++)
        {
            double v = y + 0.5;
            double rowX = (mapping.B * v) + mapping.C - 0.5, rowY = (mapping.E * v) + mapping.F - 0.5;
            for (int x = 0; x < width; x++)
            {
                double u = x + 0.5;
                Taps((mapping.A * u) + rowX, image.Width, out int x0, out int x1, out float wx0, out float wx1);
                Taps((mapping.D * u) + rowY, image.Height, out int y0, out int y1, out float wy0, out float wy1);
                float w00 = wx0 * wy0, w01 = wx1 * wy0, w10 = wx0 * wy1, w11 = wx1 * wy1;
                int p00 = (y0 * image.Stride) + (x0 * sourceChannels), p01 = (y0 * image.Stride) + (x1 * sourceChannels);
                int p10 = (y1 * image.Stride) + (x0 * sourceChannels), p11 = (y1 * image.Stride) + (x1 * sourceChannels);
                for (int c = 0; c < sourceChannels; c++)
                {
                    pixel[c] = (pixels[p00 + c] * w00) + (pixels[p01 + c] * w01) + (pixels[p10 + c] * w10) + (pixels[p11 + c] * w11);
                }

                if (toGray)
                {
                    pixel[0] = (pixel[0] * grayR) + (pixel[1] * grayG) + (pixel[2] * grayB);
                }

                for (int c = 0; c < channels; c++)
                {
                    float value = (pixel[SourceChannel(format.Colors, c, toGray ? 1 : sourceChannels)] * format.Scale) + format.Offset;
                    int at = format.Layout == TensorLayout.Nhwc ? (((y * width) + x) * channels) + c : (c * plane) + (y * width) + x;
                    destination[at] = value;
                }
            }
        }
    }

    private static void Grow<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[length];
        }
    }
}
