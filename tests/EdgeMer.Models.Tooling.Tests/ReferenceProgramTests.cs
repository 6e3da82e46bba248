using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

/// <summary>The verification's external programs (node for TensorFlow.js, ffmpeg) cannot hang it: each has a time limit.</summary>
public sealed class ReferenceProgramTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(2);

    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-reference-programs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_TensorFlow_js_reference_that_never_finishes_is_killed_at_its_time_limit_and_named_in_the_error()
    {
        string hanging = Script("hanging-node", "echo loading the model; exec tail -f /dev/null");
        var reference = new NodeModelReference(EnvironmentWith(node: hanging));
        RawTensor input = RawTensor.FromFloats("input_1", [1, 2], [0f, 1f]);

        TimeoutException error = Assert.IsType<TimeoutException>(FailureWithin(() => reference.RunTfJs("model.json", ["Identity:0"], [[input]])));

        Assert.Contains(hanging, error.Message, StringComparison.Ordinal);
        Assert.Contains("model-reference.js", error.Message, StringComparison.Ordinal);
        Assert.Contains("loading the model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_TensorFlow_js_reference_that_fails_is_an_error_quoting_what_it_printed()
    {
        string failing = Script("failing-node", "echo 'model-reference.js: Error: no such op' >&2; exit 1");
        var reference = new NodeModelReference(EnvironmentWith(node: failing));
        RawTensor input = RawTensor.FromFloats("input_1", [1, 2], [0f, 1f]);

        InvalidOperationException error = Assert.IsType<InvalidOperationException>(FailureWithin(() => reference.RunTfJs("model.json", ["Identity:0"], [[input]])));

        Assert.Contains("the TensorFlow.js reference", error.Message, StringComparison.Ordinal);
        Assert.Contains("exited with 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Error: no such op", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ffmpeg_that_never_finishes_decoding_a_sample_is_killed_at_its_time_limit_and_named_in_the_error()
    {
        string hanging = Script("hanging-ffmpeg", "exec tail -f /dev/null");
        var inputs = new SampleInputs(EnvironmentWith(ffmpeg: hanging));

        TimeoutException error = Assert.IsType<TimeoutException>(FailureWithin(() => inputs.Audio("speech.wav")));

        Assert.Contains(hanging, error.Message, StringComparison.Ordinal);
        Assert.Contains("speech.wav", error.Message, StringComparison.Ordinal);
    }

    private ReferenceEnvironment EnvironmentWith(string node = "node", string ffmpeg = "ffmpeg") => new()
    {
        RepositoryRoot = RepoPaths.Root,
        NpmRoot = Path.Combine(_folder, "npm"),
        Node = node,
        Ffmpeg = ffmpeg,
        ReferenceTimeout = s_limit,
        DecodeTimeout = s_limit,
    };

    /// <summary>An executable shell script standing in for a program; it ignores its arguments.</summary>
    private string Script(string name, string body)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the stand-in programs are shell scripts");
        }

        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>
    /// The exception <paramref name="action"/> ends with; the test fails, instead of hanging, when it
    /// has not ended long after the programs' time limit.
    /// </summary>
    private static Exception FailureWithin(Action action)
    {
        Task<Exception?> run = Task.Run<Exception?>(() => Record.Exception(action));
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "the call was still running a minute after its programs' 2 s time limit");
        return run.Result ?? throw new Xunit.Sdk.XunitException("the call succeeded; it should have failed");
    }
}
