using EdgeMer.Inference.Interop.OnnxRuntime;

namespace EdgeMer.Inference.Tests;

public sealed unsafe class OrtApiTableTests
{
    // ONNX Runtime asserts these slot numbers in onnxruntime_c_api.cc (the last entry of each C API
    // version); a binding whose table disagrees would call the wrong functions.
    [Theory]
    [InlineData(nameof(OrtApi.ReleaseCustomOpDomain), 101)]
    [InlineData(nameof(OrtApi.ReleaseModelMetadata), 118)]
    [InlineData(nameof(OrtApi.AddFreeDimensionOverrideByName), 124)]
    [InlineData(nameof(OrtApi.ReleaseAvailableProviders), 126)]
    [InlineData(nameof(OrtApi.SetGlobalSpinControl), 149)]
    [InlineData(nameof(OrtApi.ReleaseArenaCfg), 157)]
    [InlineData(nameof(OrtApi.GetCurrentGpuDeviceId), 161)]
    [InlineData(nameof(OrtApi.CreateSessionFromArrayWithPrepackedWeightsContainer), 169)]
    [InlineData(nameof(OrtApi.GetSparseTensorIndices), 191)]
    [InlineData(nameof(OrtApi.SynchronizeBoundOutputs), 203)]
    [InlineData(nameof(OrtApi.SessionOptionsAppendExecutionProvider_MIGraphX), 209)]
    [InlineData(nameof(OrtApi.ReleaseKernelInfo), 218)]
    public void OrtApi_entries_sit_at_the_slots_the_header_fixes(string entry, int slot)
    {
        Assert.Equal(slot, SlotOf(entry));
    }

    [Fact]
    public void OrtApi_ends_with_the_last_entry_of_the_pinned_api_version()
    {
        Assert.Equal(12u, OrtApiVersion.Minimum);
        Assert.Equal(219 * sizeof(nint), sizeof(OrtApi));
    }

    [Fact]
    public void OrtApi_has_no_padding_between_entries()
    {
        Assert.Equal(sizeof(OrtApi), typeof(OrtApi).GetFields().Length * sizeof(nint));
    }

    private static int SlotOf(string entry)
    {
        var fields = typeof(OrtApi).GetFields();
        for (int i = 0; i < fields.Length; i++)
        {
            if (fields[i].Name == entry)
            {
                return (int)System.Runtime.InteropServices.Marshal.OffsetOf<OrtApi>(entry) / sizeof(nint);
            }
        }

        throw new ArgumentException($"OrtApi has no entry {entry}");
    }
}
