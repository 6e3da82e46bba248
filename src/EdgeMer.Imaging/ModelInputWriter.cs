using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
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

        RoundToInt(values, destination, Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 1);
        return mapping;
    }

    /// <summary>destination[i] = values[i] rounded to the nearest integer, ties to even (as <see cref="MathF.Round(float)"/>), eight or four at a time where the processor can.</summary>
    /// <param name="lanes">8 for Vector256, 4 for Vector128, 1 for one at a time: the widest the processor accelerates (tests take each).</param>
    internal static void RoundToInt(ReadOnlySpan<float> values, Span<int> destination, int lanes)
    {
        if (destination.Length < values.Length)
        {
            throw new ArgumentException($"{values.Length} values do not fit in {destination.Length}", nameof(destination));
        }

        int i = 0;
        ref float source = ref MemoryMarshal.GetReference(values);
        ref int target = ref MemoryMarshal.GetReference(destination);
        if (lanes == 8)
        {
            for (; i <= values.Length - 8; i += 8)
            {
                Vector256.ConvertToInt32(Vector256.Round(Vector256.LoadUnsafe(ref source, (nuint)i))).StoreUnsafe(ref target, (nuint)i);
            }
        }
        else if (lanes == 4 && (Sse2.IsSupported || AdvSimd.IsSupported))
        {
            // Without a rounding instruction (x64's baseline, SSE2), the processor's own conversion rounds
            // to nearest, ties to even (x64 in its default rounding mode; Arm's FCVTNS always). Four values
            // that do not fit an int (or NaN) take the scalar line, which saturates.
            Vector128<float> limit = Vector128.Create(2147483520f);
            for (; i <= values.Length - 4; i += 4)
            {
                Vector128<float> value = Vector128.LoadUnsafe(ref source, (nuint)i);
                if (Vector128.LessThanAll(Vector128.Abs(value), limit))
                {
                    (Sse2.IsSupported ? Sse2.ConvertToVector128Int32(value) : AdvSimd.ConvertToInt32RoundToEven(value)).StoreUnsafe(ref target, (nuint)i);
                }
                else
                {
                    for (int j = i; j < i + 4; j++)
                    {
                        Unsafe.Add(ref target, j) = (int)MathF.Round(Unsafe.Add(ref source, j));
                    }
                }
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

    /// <summary>
    /// A turned region, one input pixel at a time: its centre mapped into the image, read bilinearly.
    /// A sample clear of the image's edges (nearly all of them: its four pixels inside, and for colour
    /// the byte after its right-hand pixels too) is read straight from the pixel rows, colour as one
    /// Vector128; one near, at or past an edge goes through <see cref="Taps"/>, which repeats the edge
    /// and reads black beyond it.
    /// </summary>
    private static void WriteTurned(ImageView image, RegionMapping mapping, ModelInputFormat format, Span<float> destination)
    {
        int width = format.Width, height = format.Height, channels = format.Channels;
        int sourceChannels = image.Channels, stride = image.Stride;
        bool toGray = format.Colors == ColorOrder.Grayscale && sourceChannels == 3;
        bool nhwc = format.Layout == TensorLayout.Nhwc;
        bool swap = format.Colors == ColorOrder.Bgr && sourceChannels == 3;
        // Which blended source channel each output channel takes (a grey source feeds every channel).
        int last = sourceChannels == 3 ? 2 : 0;
        (float grayR, float grayG, float grayB) = ModelInputFormat.GrayWeights;
        float scale = format.Scale, offset = format.Offset;
        // Inside these, a sample's four pixels lie in the image; for colour, so does the byte after its
        // right-hand pixels (read four bytes at a time).
        double interiorX = image.Width - (sourceChannels == 3 ? 2 : 1), interiorY = image.Height - 1;
        int plane = width * height;
        ref byte pixels = ref MemoryMarshal.GetReference(image.Pixels);
        ref float target = ref MemoryMarshal.GetReference(destination);
        for (int y = 0; y < height; y++)
        {
            double v = y + 0.5;
            double rowX = (mapping.B * v) + mapping.C - 0.5, rowY = (mapping.E * v) + mapping.F - 0.5;
            for (int x = 0; x < width; x++)
            {
                double u = x + 0.5;
                double sx = (mapping.A * u) + rowX, sy = (mapping.D * u) + rowY;
                float s0, s1, s2;
                if (sx >= 0 && sy >= 0 && sx < interiorX && sy < interiorY)
                {
                    int x0 = (int)sx, y0 = (int)sy;
                    float fx = (float)(sx - x0), fy = (float)(sy - y0);
                    float wx0 = 1f - fx, wy0 = 1f - fy;
                    ref byte top = ref Unsafe.Add(ref pixels, (y0 * stride) + (x0 * sourceChannels));
                    ref byte bottom = ref Unsafe.Add(ref top, stride);
                    if (last == 0)
                    {
                        s0 = s1 = s2 = (((top * wx0) + (Unsafe.Add(ref top, 1) * fx)) * wy0) + (((bottom * wx0) + (Unsafe.Add(ref bottom, 1) * fx)) * fy);
                    }
                    else
                    {
                        // The four pixels' red, green and blue (and the next pixel's red, unused) in one vector each.
                        Vector128<float> blend =
                            (((Four(ref top) * wx0) + (Four(ref Unsafe.Add(ref top, 3)) * fx)) * wy0)
                            + (((Four(ref bottom) * wx0) + (Four(ref Unsafe.Add(ref bottom, 3)) * fx)) * fy);
                        s0 = blend.GetElement(0);
                        s1 = blend.GetElement(1);
                        s2 = blend.GetElement(2);
                    }
                }
                else
                {
                    Taps(sx, image.Width, out int x0, out int x1, out float wx0, out float wx1);
                    Taps(sy, image.Height, out int y0, out int y1, out float wy0, out float wy1);
                    ref byte p00 = ref Unsafe.Add(ref pixels, (y0 * stride) + (x0 * sourceChannels));
                    ref byte p01 = ref Unsafe.Add(ref pixels, (y0 * stride) + (x1 * sourceChannels));
                    ref byte p10 = ref Unsafe.Add(ref pixels, (y1 * stride) + (x0 * sourceChannels));
                    ref byte p11 = ref Unsafe.Add(ref pixels, (y1 * stride) + (x1 * sourceChannels));
                    float w00 = wx0 * wy0, w01 = wx1 * wy0, w10 = wx0 * wy1, w11 = wx1 * wy1;
                    s0 = (p00 * w00) + (p01 * w01) + (p10 * w10) + (p11 * w11);
                    s1 = (Unsafe.Add(ref p00, last / 2) * w00) + (Unsafe.Add(ref p01, last / 2) * w01) + (Unsafe.Add(ref p10, last / 2) * w10) + (Unsafe.Add(ref p11, last / 2) * w11);
                    s2 = (Unsafe.Add(ref p00, last) * w00) + (Unsafe.Add(ref p01, last) * w01) + (Unsafe.Add(ref p10, last) * w10) + (Unsafe.Add(ref p11, last) * w11);
                }

                int at = (y * width) + x;
                if (toGray)
                {
                    Unsafe.Add(ref target, at) = (((s0 * grayR) + (s1 * grayG) + (s2 * grayB)) * scale) + offset;
                }
                else if (channels == 1)
                {
                    Unsafe.Add(ref target, at) = (s0 * scale) + offset;
                }
                else
                {
                    if (swap)
                    {
                        (s0, s2) = (s2, s0);
                    }

                    if (nhwc)
                    {
                        ref float item = ref Unsafe.Add(ref target, at * 3);
                        item = (s0 * scale) + offset;
                        Unsafe.Add(ref item, 1) = (s1 * scale) + offset;
                        Unsafe.Add(ref item, 2) = (s2 * scale) + offset;
                    }
                    else
                    {
                        Unsafe.Add(ref target, at) = (s0 * scale) + offset;
                        Unsafe.Add(ref target, plane + at) = (s1 * scale) + offset;
                        Unsafe.Add(ref target, (2 * plane) + at) = (s2 * scale) + offset;
                    }
                }
            }
        }
    }

    /// <summary>The four bytes at <paramref name="source"/> as floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Four(ref byte source)
    {
        Vector128<ushort> words = Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref source)).AsByte());
        return Vector128.ConvertToSingle(Vector128.WidenLower(words).AsInt32());
    }

    private static void Grow<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[length];
        }
    }
}
