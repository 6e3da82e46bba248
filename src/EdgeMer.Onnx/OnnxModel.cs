using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using Google.Protobuf;

namespace EdgeMer.Onnx;

/// <summary>
/// An ONNX model: its graph, the operator sets it imports, its metadata. Create one to build a
/// model, or <see cref="Load(string)"/> one; <see cref="Save"/> writes it atomically.
/// </summary>
public sealed class OnnxModel
{
    /// <summary>The IR version new models declare: 8, the one opset 17 belongs to (onnx 1.12).</summary>
    public const long DefaultIrVersion = 8;

    /// <summary>The ai.onnx opset new models import unless told otherwise.</summary>
    public const long DefaultOpsetVersion = 17;

    /// <summary>The default operator domain, which ONNX writes as the empty string.</summary>
    public const string DefaultDomain = "";

    /// <summary>A new, empty model whose graph is called <paramref name="graphName"/>, importing ai.onnx at <paramref name="opsetVersion"/>.</summary>
    public OnnxModel(string graphName, long opsetVersion = DefaultOpsetVersion)
        : this(NewProto(graphName, opsetVersion))
    {
    }

    /// <summary>Wraps an existing <see cref="ModelProto"/>; changes go to it.</summary>
    public OnnxModel(ModelProto proto)
    {
        ArgumentNullException.ThrowIfNull(proto);
        Proto = proto;
        proto.Graph ??= new GraphProto();
        Graph = new OnnxGraph(proto.Graph);
    }

    /// <summary>The model as the ONNX schema has it.</summary>
    public ModelProto Proto { get; }

    public OnnxGraph Graph { get; }

    public long IrVersion
    {
        get => Proto.IrVersion;
        set => Proto.IrVersion = value;
    }

    public string ProducerName
    {
        get => Proto.ProducerName;
        set => Proto.ProducerName = value;
    }

    public string ProducerVersion
    {
        get => Proto.ProducerVersion;
        set => Proto.ProducerVersion = value;
    }

    public string DocString
    {
        get => Proto.DocString;
        set => Proto.DocString = value;
    }

    public IReadOnlyList<OperatorSetIdProto> OpsetImports => Proto.OpsetImport;

    public IReadOnlyList<StringStringEntryProto> Metadata => Proto.MetadataProps;

    /// <summary>Reads the ONNX model in <paramref name="path"/>; an error naming the file when it is not one.</summary>
    public static OnnxModel Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OnnxModelException($"cannot read ONNX model {path}: {e.Message}", e);
        }

        return FromBytes(bytes, path);
    }

    /// <summary>Parses a serialized <c>ModelProto</c>; <paramref name="source"/> names it in errors.</summary>
    public static OnnxModel FromBytes(ReadOnlySpan<byte> bytes, string source = "the given bytes")
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxModelException($"{source} is not an ONNX model (protobuf ModelProto): {e.Message}", e);
        }

        if (proto.Graph is null)
        {
            throw new OnnxModelException($"{source} is not an ONNX model: it has no graph");
        }

        return new OnnxModel(proto);
    }

    /// <summary>The model in the ONNX file format.</summary>
    public byte[] ToBytes() => Proto.ToByteArray();

    /// <summary>
    /// Writes the model to <paramref name="path"/> through a temporary file in the same folder that
    /// is renamed over it, so readers see the old file or the new one, never a partial one.
    /// </summary>
    public void Save(string path) => AtomicFile.Write(path, ToBytes());

    /// <summary>The opset version imported for <paramref name="domain"/> (<c>""</c> and <c>"ai.onnx"</c> are the same), or null.</summary>
    public long? FindOpsetImport(string domain)
    {
        foreach (OperatorSetIdProto opset in Proto.OpsetImport)
        {
            if (SameDomain(opset.Domain, domain))
            {
                return opset.Version;
            }
        }

        return null;
    }

    /// <summary>Imports <paramref name="domain"/> at <paramref name="version"/>, replacing an earlier import of it.</summary>
    public void SetOpsetImport(string domain, long version)
    {
        foreach (OperatorSetIdProto opset in Proto.OpsetImport)
        {
            if (SameDomain(opset.Domain, domain))
            {
                opset.Version = version;
                return;
            }
        }

        Proto.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
    }

    /// <summary>The metadata value for <paramref name="key"/>, or null.</summary>
    public string? FindMetadata(string key)
    {
        foreach (StringStringEntryProto entry in Proto.MetadataProps)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>Sets the metadata value for <paramref name="key"/>, replacing an earlier one.</summary>
    public void SetMetadata(string key, string value)
    {
        foreach (StringStringEntryProto entry in Proto.MetadataProps)
        {
            if (entry.Key == key)
            {
                entry.Value = value;
                return;
            }
        }

        Proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
    }

    /// <summary>Every rule of the ONNX format the model breaks (see <see cref="OnnxModelValidator"/>); empty when none.</summary>
    public IReadOnlyList<OnnxValidationIssue> FindProblems() => OnnxModelValidator.Validate(Proto);

    /// <summary>Throws an <see cref="OnnxModelException"/> listing every problem <see cref="FindProblems"/> finds.</summary>
    public void Validate()
    {
        IReadOnlyList<OnnxValidationIssue> issues = FindProblems();
        if (issues.Count > 0)
        {
            throw new OnnxModelException($"ONNX model '{Graph.Name}' is invalid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", issues)}")
            {
                Issues = issues,
            };
        }
    }

    internal static bool SameDomain(string a, string b) => Normalize(a) == Normalize(b);

    private static string Normalize(string domain) => domain == "ai.onnx" ? DefaultDomain : domain;

    private static ModelProto NewProto(string graphName, long opsetVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(graphName);
        var proto = new ModelProto
        {
            IrVersion = DefaultIrVersion,
            ProducerName = "EdgeMer",
            Graph = new GraphProto { Name = graphName },
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = DefaultDomain, Version = opsetVersion });
        return proto;
    }
}
