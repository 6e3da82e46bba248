using EdgeMer.Affect;
using EdgeMer.Capture;

namespace EdgeMer.Imaging;

/// <summary>
/// The image files of a folder (by extension, <see cref="ImageFile.Extensions"/>; not its subfolders)
/// as a frame source, in ordinal order of their names. Frames are as large as the largest image; a
/// smaller image sits in the top-left corner on black, so its pixel coordinates are the file's own.
/// Frame <c>n</c> of a pass is <see cref="Files"/>[<c>n mod Files.Count</c>].
/// </summary>
public sealed class ImageFolderSource : StillImageSource
{
    /// <exception cref="FrameSourceException">The folder is missing or holds no image, or one of its images cannot be read; the message names it.</exception>
    public ImageFolderSource(string folder, CaptureClock clock, StillImageOptions? options = null)
        : base($"image folder {folder}", ListImages(folder), clock, options)
    {
    }

    /// <summary>The images, in the order they play.</summary>
    public IReadOnlyList<string> Files => PlayedFiles;

    private static string[] ListImages(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string name = $"image folder {folder}";
        if (!Directory.Exists(folder))
        {
            throw new FrameSourceException(name, "no such folder");
        }

        var files = new List<string>();
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            foreach (string extension in ImageFile.Extensions)
            {
                if (file.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    files.Add(Path.GetFullPath(file));
                    break;
                }
            }
        }

        if (files.Count == 0)
        {
            throw new FrameSourceException(name, $"the folder holds no image file ({string.Join(", ", ImageFile.Extensions)})");
        }

        files.Sort(StringComparer.Ordinal);
        return [.. files];
    }
}
