namespace EdgeMer.Inference.Interop.OnnxRuntime;

// The process's ONNX Runtime: located and loaded once, on first use, thread-safely. A failure is
// remembered too, so every later use reports the same list of places tried.
internal static unsafe class OrtNative
{
    private static readonly Lazy<OrtLibrary> s_library =
        new(() => OrtLibrary.Load(OnnxRuntimeLibrarySearch.FromEnvironment()), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<nint> s_defaultAllocator = new(GetDefaultAllocator, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<OrtMemoryInfoHandle> s_cpuMemory = new(CreateCpuMemoryInfo, LazyThreadSafetyMode.ExecutionAndPublication);

    public static OrtLibrary Library => s_library.Value;

    public static OrtApi* Api => s_library.Value.Api;

    // ORT's default CPU allocator; it is never freed (ORT owns it).
    public static nint DefaultAllocator => s_defaultAllocator.Value;

    // Describes plain CPU memory: what caller-owned tensors live in.
    public static OrtMemoryInfoHandle CpuMemory => s_cpuMemory.Value;

    private static nint GetDefaultAllocator()
    {
        nint allocator;
        OrtStatus.Check(Api->GetAllocatorWithDefaultOptions(&allocator));
        return allocator;
    }

    private static OrtMemoryInfoHandle CreateCpuMemoryInfo()
    {
        nint info;
        OrtStatus.Check(Api->CreateCpuMemoryInfo((int)OrtAllocatorType.Device, (int)OrtMemType.Default, &info));
        return OrtHandle.Adopt<OrtMemoryInfoHandle>(info);
    }
}
