namespace EdgeMer.Inference.Tests;

// What doctor reports per provider, on the bundled runtime (Microsoft.ML.OnnxRuntime's CPU build).
public sealed class ProviderSupportTests
{
    [Fact]
    public void On_the_bundled_cpu_build_only_cpu_is_compiled_in_and_usable()
    {
        IReadOnlyList<ExecutionProviderSupport> support = ExecutionProviderSupport.Examine(TestEnvironment.Instance);

        Assert.Equal(
            ["CPUExecutionProvider", "CUDAExecutionProvider", "TensorrtExecutionProvider", "DmlExecutionProvider", "XnnpackExecutionProvider"],
            support.Select(s => s.Name));
        ExecutionProviderSupport cpu = support[0];
        Assert.True(cpu.CompiledIn && cpu.Usable, cpu.Reason);
        Assert.Equal(ProviderLibraryStatus.BuiltIn, cpu.Libraries);
        Assert.Equal("a session with it ran a one-node model", cpu.Reason);
        Assert.All(support.Skip(1), other =>
        {
            Assert.False(other.CompiledIn);
            Assert.False(other.Usable);
            Assert.Equal("not compiled into this build (ONNX Runtime 1.31.1 offers CPUExecutionProvider)", other.Reason);
        });
    }

    [Fact]
    public void Cuda_and_tensorrt_need_their_provider_libraries_beside_the_runtime_which_the_cpu_build_lacks()
    {
        string folder = AppContext.BaseDirectory;

        ExecutionProviderSupport cuda = ExecutionProviderSupport.Examine(TestEnvironment.Instance, ExecutionProviderKind.Cuda);
        ExecutionProviderSupport tensorRt = ExecutionProviderSupport.Examine(TestEnvironment.Instance, ExecutionProviderKind.TensorRT);

        Assert.Equal(ProviderLibraryStatus.Missing, cuda.Libraries);
        Assert.Equal([Path.Combine(folder, "libonnxruntime_providers_shared.so"), Path.Combine(folder, "libonnxruntime_providers_cuda.so")], cuda.LibraryFiles);
        Assert.Equal(ProviderLibraryStatus.Missing, tensorRt.Libraries);
        Assert.Equal(Path.Combine(folder, "libonnxruntime_providers_tensorrt.so"), tensorRt.LibraryFiles[1]);
        Assert.True(File.Exists(cuda.LibraryFiles[0]), "the CPU package ships the shared-provider bridge, so only the provider libraries are missing");
    }
}
