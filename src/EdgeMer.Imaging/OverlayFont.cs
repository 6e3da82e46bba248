using SkiaSharp;

namespace EdgeMer.Imaging;

/// <summary>
/// The typeface overlay labels are drawn in. SkiaSharp's no-dependencies build has no font of its
/// own, so one is loaded from a file: by default DejaVu Sans from Debian's <c>fonts-dejavu-core</c>
/// (pinned in downloads.lock; free licence, see the package's copyright file).
/// </summary>
public sealed class OverlayFont : IDisposable
{
    /// <summary>Where Debian's fonts-dejavu-core puts DejaVu Sans.</summary>
    public const string DefaultPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private readonly SKTypeface _typeface;

    private OverlayFont(SKTypeface typeface, float size)
    {
        _typeface = typeface;
        Font = new SKFont(typeface, size);
    }

    internal SKFont Font { get; }

    /// <summary>Loads the font file <paramref name="path"/> (default <see cref="DefaultPath"/>) at <paramref name="size"/> pixels.</summary>
    /// <exception cref="FileNotFoundException">The file is missing; the message names it and the Debian package that has the default.</exception>
    /// <exception cref="InvalidDataException">The file is not a font SkiaSharp can read.</exception>
    public static OverlayFont Load(string? path = null, float size = 13f)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such font file (the default comes with Debian's fonts-dejavu-core, which ./build.sh setup installs)", path);
        }

        SKTypeface typeface = SKTypeface.FromFile(path)
            ?? throw new InvalidDataException($"{path}: not a font SkiaSharp can read");
        return new OverlayFont(typeface, size);
    }

    public void Dispose()
    {
        Font.Dispose();
        _typeface.Dispose();
    }
}
