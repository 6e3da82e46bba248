using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Tests;

// A binding leases its tensors and session so they outlive it while it runs; one nobody disposes
// must still give them back, or their native memory and pinned arrays stay for the life of the process.
[Collection(NativeMemoryTests.Name)]
public sealed partial class BindingLifetimeTests
{
    [Fact]
    public void An_abandoned_binding_unpins_its_tensors_arrays_once_collected()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add");

        WeakReference[] arrays = AbandonBindingOverArrays(session);
        Collect();

        Assert.All(arrays, array => Assert.False(array.IsAlive, "a pinned array of an abandoned binding is still alive"));
    }

    [Fact]
    public void An_abandoned_binding_frees_its_tensors_native_memory_once_collected()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.ScaleColumns(), "scale-columns");
        const int Rows = 4 * 1024 * 1024;
        const long Bytes = 2L * Rows * 4 * sizeof(float);
        long before = MappedBytes();

        AbandonBindingOverNativeMemory(session, Rows);
        long held = MappedBytes() - before;
        Collect();
        long left = MappedBytes() - before;

        Assert.True(held >= Bytes, $"the tensors' {Bytes} bytes were not seen allocated ({held} bytes)");
        Assert.True(left < Bytes / 2, $"{left} of the abandoned binding's {held} bytes of native tensor memory are still allocated");
    }

    private static void Collect()
    {
        // The binding's finalizer releases its leases; the tensors' handles are finalized in the same or the next pass.
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] AbandonBindingOverArrays(InferenceSession session)
    {
        float[] a = [1f, 2f, 3f, 4f, 5f, 6f];
        float[] c = new float[6];
        InferenceBinding binding = session.CreateBinding();
        binding.BindInput("a", PinnedTensor.FromArray(a, 2, 3));
        binding.BindInput("b", PinnedTensor.FromArray(a, 2, 3));
        binding.BindOutput("c", PinnedTensor.FromArray(c, 2, 3));
        binding.Run();
        Assert.Equal([2f, 4f, 6f, 8f, 10f, 12f], c);
        return [new WeakReference(a), new WeakReference(c)];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AbandonBindingOverNativeMemory(InferenceSession session, int rows)
    {
        InferenceBinding binding = session.CreateBinding();
        PinnedTensor<float> x = PinnedTensor.AllocateNative<float>(rows, 4);
        binding.BindInput("x", x);
        binding.BindOutput("y", PinnedTensor.AllocateNative<float>(rows, 4));

        // Even disposed tensors stay allocated while a binding holds them: only the binding lets them go.
        x.Dispose();
    }

    // Bytes glibc's malloc holds in mmap'ed blocks: the tensors are far above its mmap threshold, so
    // each is one such block, returned to the system the moment it is freed.
    private static long MappedBytes() => (long)MallInfo2().hblkhd;

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallInfo MallInfo2();

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo
    {
        public nuint arena;
        public nuint ordblks;
        public nuint smblks;
        public nuint hblks;
        public nuint hblkhd;
        public nuint usmblks;
        public nuint fsmblks;
        public nuint uordblks;
        public nuint fordblks;
        public nuint keepcost;
    }
}
