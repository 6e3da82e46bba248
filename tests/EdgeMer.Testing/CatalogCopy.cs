namespace EdgeMer.Testing;

/// <summary>A catalog folder for a test: some of the repository's manifests, with the licence texts they name.</summary>
public static class CatalogCopy
{
    /// <summary>Fills <paramref name="folder"/> with the licence texts and the manifests of <paramref name="ids"/>; returns the folder.</summary>
    public static string Create(string folder, params string[] ids)
    {
        string source = Path.Combine(RepoPaths.Root, "models");
        Directory.CreateDirectory(Path.Combine(folder, "licenses"));
        foreach (string file in Directory.GetFiles(Path.Combine(source, "licenses")))
        {
            File.Copy(file, Path.Combine(folder, "licenses", Path.GetFileName(file)));
        }

        foreach (string id in ids)
        {
            File.Copy(Path.Combine(source, id + ".json"), Path.Combine(folder, id + ".json"));
        }

        return folder;
    }
}
