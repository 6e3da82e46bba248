using System.Text.Json;

namespace EdgeMer.Models.Catalog;

/// <summary>The models of the <c>models/</c> folder, each read from its manifest and validated.</summary>
public sealed class ModelCatalog
{
    private ModelCatalog(string folder, IReadOnlyList<ModelDescription> models)
    {
        Folder = folder;
        Models = models;
    }

    public string Folder { get; }

    /// <summary>The models, ordered by id.</summary>
    public IReadOnlyList<ModelDescription> Models { get; }

    /// <summary>Reads every <c>*.json</c> manifest directly in <paramref name="folder"/>; the first bad one is an error naming it and the field.</summary>
    public static ModelCatalog Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new ModelManifestException($"model catalog folder {folder} does not exist");
        }

        string[] files = Directory.GetFiles(folder, "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        var models = new List<ModelDescription>(files.Length);
        foreach (string file in files)
        {
            models.Add(LoadManifest(file));
        }

        return new ModelCatalog(folder, models);
    }

    /// <summary>Reads and validates one manifest.</summary>
    public static ModelDescription LoadManifest(string path)
    {
        ModelManifest? manifest;
        try
        {
            using FileStream stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize(stream, CatalogJsonContext.Default.ModelManifest);
        }
        catch (JsonException e)
        {
            string field = string.IsNullOrEmpty(e.Path) ? "(document)" : e.Path.TrimStart('$', '.');
            throw new ModelManifestException(path, field, $"malformed JSON: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelManifestException($"cannot read manifest {path}: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new ModelManifestException(path, "(document)", "is empty");
        }

        ModelManifestValidator.Validate(manifest, path);
        return ModelDescription.From(manifest, path);
    }

    /// <summary>The manifest with <paramref name="id"/>; an error listing the ids when there is none.</summary>
    public ModelDescription Find(string id)
    {
        foreach (ModelDescription model in Models)
        {
            if (model.Id == id)
            {
                return model;
            }
        }

        var ids = new List<string>();
        foreach (ModelDescription model in Models)
        {
            ids.Add(model.Id);
        }

        throw new ModelManifestException($"no model '{id}' in {Folder} (models: {string.Join(", ", ids)})");
    }
}
