namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>A TensorFlow.js model that cannot be converted; the message names the file, node or op at fault.</summary>
public sealed class TfJsImportException : Exception
{
    public TfJsImportException()
    {
    }

    public TfJsImportException(string message)
        : base(message)
    {
    }

    public TfJsImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
