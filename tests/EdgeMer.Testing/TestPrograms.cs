namespace EdgeMer.Testing;

/// <summary>The programs the tests start (through <see cref="EdgeMer.Platform.ExternalProgram"/>).</summary>
public static class TestPrograms
{
    /// <summary>The dotnet host running the tests, so a child build or run uses the same SDK and runtime.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>
    /// Debian's Python, into which build.sh installs python3-zmq, python3-onnx and python3-jsonschema;
    /// a python3 earlier on PATH (pyenv, a virtualenv) may lack them.
    /// </summary>
    public const string DebianPython = "/usr/bin/python3";
}
