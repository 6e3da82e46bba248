using System.Runtime.InteropServices;
using EdgeMer.Capture;
using SkiaSharp;

namespace EdgeMer.Imaging;

/// <summary>
/// Image files (JPEG, PNG, WebP, BMP, GIF's first frame) read and written with SkiaSharp. Errors name
/// the file: <see cref="FileNotFoundException"/> when it is missing, <see cref="InvalidDataException"/>
/// when SkiaSharp cannot decode it.
/// </summary>
public static class ImageFile
{
    /// <summary>The file name extensions a folder source takes as images (lower case, with the dot).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"];

    /// <summary>The size of the image in <paramref name="path"/>, read from its header.</summary>
    public static (int Width, int Height) ReadSize(string path)
    {
        using SKCodec codec = Open(path);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>Decodes <paramref name="path"/> into a new RGB image.</summary>
    public static RgbImage Decode(string path)
    {
        using SKCodec codec = Open(path);
        var image = new RgbImage(codec.Info.Width, codec.Info.Height);
        byte[] rgba = GC.AllocateUninitializedArray<byte>(checked(image.Width * image.Height * 4), pinned: true);
        DecodeRgba(codec, path, rgba);
        RgbaToRgb(rgba, image.Width, image.Height, image.Pixels, image.Stride);
        return image;
    }

    /// <summary>
    /// Decodes <paramref name="path"/> into the top-left corner of an RGB24 buffer of
    /// <paramref name="width"/> × <paramref name="height"/> pixels; the rest of the buffer turns black.
    /// <paramref name="scratch"/> is a buffer the caller keeps between calls (it grows when an image needs more).
    /// </summary>
    /// <returns>The size of the decoded image.</returns>
    public static (int Width, int Height) DecodeInto(string path, Span<byte> rgb, int width, int height, ref byte[] scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        using SKCodec codec = Open(path);
        int imageWidth = codec.Info.Width, imageHeight = codec.Info.Height;
        if (imageWidth > width || imageHeight > height)
        {
            throw new InvalidDataException($"{path}: the image is {imageWidth}x{imageHeight}, larger than the {width}x{height} frame it is read into");
        }

        int needed = checked(imageWidth * imageHeight * 4);
        if (scratch.Length < needed)
        {
            scratch = GC.AllocateUninitializedArray<byte>(needed, pinned: true);
        }

        DecodeRgba(codec, path, scratch);
        rgb.Slice(0, width * height * 3).Clear();
        RgbaToRgb(scratch, imageWidth, imageHeight, rgb, width * 3);
        return (imageWidth, imageHeight);
    }

    /// <summary>Writes <paramref name="image"/> as a PNG file (replacing it).</summary>
    public static void SavePng(ImageView image, string path)
    {
        using SKBitmap bitmap = ToBitmap(image);
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode {path} as PNG");
        using FileStream file = File.Create(path);
        data.SaveTo(file);
    }

    /// <summary>An RGBA bitmap holding a copy of <paramref name="image"/>.</summary>
    internal static SKBitmap ToBitmap(ImageView image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Span<byte> rgba;
        unsafe
        {
            rgba = new Span<byte>((void*)bitmap.GetPixels(), bitmap.RowBytes * image.Height);
        }

        RgbToRgba(image, rgba, bitmap.RowBytes);
        return bitmap;
    }

    /// <summary>Copies RGB24 or Gray8 pixels into an opaque RGBA8888 buffer.</summary>
    internal static void RgbToRgba(ImageView image, Span<byte> rgba, int rgbaStride)
    {
        ReadOnlySpan<byte> pixels = image.Pixels;
        for (int y = 0; y < image.Height; y++)
        {
            ReadOnlySpan<byte> source = pixels.Slice(y * image.Stride, image.Width * image.Channels);
            Span<byte> target = rgba.Slice(y * rgbaStride, image.Width * 4);
            for (int x = 0; x < image.Width; x++)
            {
                if (image.Format == PixelFormat.Rgb24)
                {
                    target[4 * x] = source[3 * x];
                    target[(4 * x) + 1] = source[(3 * x) + 1];
                    target[(4 * x) + 2] = source[(3 * x) + 2];
                }
                else
                {
                    target[4 * x] = target[(4 * x) + 1] = target[(4 * x) + 2] = source[x];
                }

                target[(4 * x) + 3] = 255;
            }
        }
    }

    private static SKCodec Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such image file", path);
        }

        return SKCodec.Create(path, out SKCodecResult result)
            ?? throw new InvalidDataException($"{path}: not an image SkiaSharp can decode ({result})");
    }

    private static void DecodeRgba(SKCodec codec, string path, byte[] rgba)
    {
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        SKCodecResult result = codec.GetPixels(info, Marshal.UnsafeAddrOfPinnedArrayElement(rgba, 0));
        // A truncated file decodes what it has and says so: still an error, since part of the image is missing.
        if (result != SKCodecResult.Success)
        {
            throw new InvalidDataException($"{path}: SkiaSharp could not decode the image ({result})");
        }
    }

    private static void RgbaToRgb(ReadOnlySpan<byte> rgba, int width, int height, Span<byte> rgb, int rgbStride)
    {
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> source = rgba.Slice(y * width * 4, width * 4);
            Span<byte> target = rgb.Slice(y * rgbStride, width * 3);
            for (int x = 0; x < width; x++)
            {
                target[3 * x] = source[4 * x];
                target[(3 * x) + 1] = source[(4 * x) + 1];
                target[(3 * x) + 2] = source[(4 * x) + 2];
            }
        }
    }
}
