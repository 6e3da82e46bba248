namespace EdgeMer.Inference.Tests;

public sealed class SteadyStateTests
{
    [Fact]
    public void Steady_state_runs_allocate_no_managed_memory()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add");
        using PinnedTensor<float> a = PinnedTensor.Allocate<float>(2, 3);
        using PinnedTensor<float> b = PinnedTensor.AllocateNative<float>(2, 3);
        using PinnedTensor<float> c = PinnedTensor.Allocate<float>(2, 3);
        using InferenceBinding binding = session.CreateBinding();
        binding.BindInput("a", a);
        binding.BindInput("b", b);
        binding.BindOutput("c", c);
        for (int i = 0; i < 100; i++)
        {
            binding.Run();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            a.Span[0] = i;
            binding.Run();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(9_999f, c.Span[0]);
    }

    [Fact]
    public void A_binding_keeps_a_disposed_tensor_alive_until_it_is_rebound()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add");
        using InferenceBinding binding = session.CreateBinding();
        PinnedTensor<float> a = PinnedTensor.FromArray([1f, 1f, 1f, 1f, 1f, 1f], 2, 3);
        using PinnedTensor<float> b = PinnedTensor.FromArray([2f, 2f, 2f, 2f, 2f, 2f], 2, 3);
        using PinnedTensor<float> c = PinnedTensor.Allocate<float>(2, 3);
        binding.BindInput("a", a);
        binding.BindInput("b", b);
        binding.BindOutput("c", c);

        a.Dispose();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        binding.Run();

        Assert.True(a.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => a.Span.Length);
        Assert.Equal([3f, 3f, 3f, 3f, 3f, 3f], c.Span.ToArray());
    }

    [Fact]
    public void A_disposed_session_keeps_running_for_bindings_made_before()
    {
        InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add");
        using InferenceBinding binding = session.CreateBinding();
        using PinnedTensor<float> a = PinnedTensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        using PinnedTensor<float> c = PinnedTensor.Allocate<float>(2, 3);
        binding.BindInput("a", a);
        binding.BindInput("b", a);
        binding.BindOutput("c", c);

        session.Dispose();
        binding.Run();

        Assert.Equal([2f, 4f, 6f, 8f, 10f, 12f], c.Span.ToArray());
        Assert.Throws<ObjectDisposedException>(() => session.CreateBinding());
    }
}
