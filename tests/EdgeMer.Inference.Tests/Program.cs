using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace EdgeMer.Inference.Tests;

/// <summary>
/// The test assembly run as a program (<c>dotnet EdgeMer.Inference.Tests.dll SCENARIO</c>), for
/// scenarios that need a fresh process: ONNX Runtime's environment is created once per process.
/// </summary>
public static class Program
{
    /// <summary>The official API creates ONNX Runtime's environment, then EdgeMer creates its own.</summary>
    public const string OfficialEnvironmentFirst = "official-environment-first";

    public static int Main(string[] args)
    {
        if (args is not [OfficialEnvironmentFirst])
        {
            Console.Error.WriteLine($"usage: EdgeMer.Inference.Tests {OfficialEnvironmentFirst}");
            return 2;
        }

        OrtEnv official = OfficialOnnxRuntime.Join(Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so"));
        Console.WriteLine($"official environment created: {official.GetVersionString()}");
        try
        {
            InferenceEnvironment.Initialize(new InferenceEnvironmentOptions(), NullLoggerFactory.Instance);
            Console.WriteLine("EdgeMer's environment created");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"refused: {e.Message}");
            return 3;
        }
    }
}
