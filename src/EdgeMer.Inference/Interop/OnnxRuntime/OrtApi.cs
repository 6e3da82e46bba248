using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// The OrtApi function table of onnxruntime_c_api.h, field for field in the header's order, up to the
// last entry of C API version 12 (ReleaseKernelInfo). The table only ever grows at the end, so a
// runtime that serves version 12 or newer has every field below at the same offset. Entries EdgeMer
// does not call keep their header name and are typed nint, so the order stays auditable.
// Status-returning functions return OrtStatus* (nint; 0 means success).
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OrtApi
{
    // 0
    public nint CreateStatus;
    public delegate* unmanaged[Cdecl]<nint, OrtErrorCode> GetErrorCode;
    public delegate* unmanaged[Cdecl]<nint, byte*> GetErrorMessage;
    public nint CreateEnv;
    public delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<nint, int, byte*, byte*, byte*, byte*, void>, nint, int, byte*, nint*, nint> CreateEnvWithCustomLogger;
    public nint EnableTelemetryEvents;
    public nint DisableTelemetryEvents;
    public delegate* unmanaged[Cdecl]<nint, void*, nint, nint*, nint> CreateSession;
    public delegate* unmanaged[Cdecl]<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    public delegate* unmanaged[Cdecl]<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run;

    // 10
    public delegate* unmanaged[Cdecl]<nint*, nint> CreateSessionOptions;
    public delegate* unmanaged[Cdecl]<nint, void*, nint> SetOptimizedModelFilePath;
    public nint CloneSessionOptions;
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetSessionExecutionMode;
    public delegate* unmanaged[Cdecl]<nint, byte*, nint> EnableProfiling;
    public nint DisableProfiling;
    public delegate* unmanaged[Cdecl]<nint, nint> EnableMemPattern;
    public delegate* unmanaged[Cdecl]<nint, nint> DisableMemPattern;
    public delegate* unmanaged[Cdecl]<nint, nint> EnableCpuMemArena;
    public delegate* unmanaged[Cdecl]<nint, nint> DisableCpuMemArena;

    // 20
    public delegate* unmanaged[Cdecl]<nint, byte*, nint> SetSessionLogId;
    public nint SetSessionLogVerbosityLevel;
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetSessionLogSeverityLevel;
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetSessionGraphOptimizationLevel;
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetIntraOpNumThreads;
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetInterOpNumThreads;
    public nint CreateCustomOpDomain;
    public nint CustomOpDomain_Add;
    public nint AddCustomOpDomain;
    public nint RegisterCustomOpsLibrary;

    // 30
    public delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetInputCount;
    public delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetOutputCount;
    public nint SessionGetOverridableInitializerCount;
    public delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    public delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    public nint SessionGetOverridableInitializerTypeInfo;
    public delegate* unmanaged[Cdecl]<nint, nuint, nint, nint*, nint> SessionGetInputName;
    public delegate* unmanaged[Cdecl]<nint, nuint, nint, nint*, nint> SessionGetOutputName;
    public nint SessionGetOverridableInitializerName;
    public delegate* unmanaged[Cdecl]<nint*, nint> CreateRunOptions;

    // 40
    public nint RunOptionsSetRunLogVerbosityLevel;
    public delegate* unmanaged[Cdecl]<nint, int, nint> RunOptionsSetRunLogSeverityLevel;
    public delegate* unmanaged[Cdecl]<nint, byte*, nint> RunOptionsSetRunTag;
    public nint RunOptionsGetRunLogVerbosityLevel;
    public nint RunOptionsGetRunLogSeverityLevel;
    public nint RunOptionsGetRunTag;
    public nint RunOptionsSetTerminate;
    public nint RunOptionsUnsetTerminate;
    public nint CreateTensorAsOrtValue;
    public delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;

    // 50
    public nint IsTensor;
    public delegate* unmanaged[Cdecl]<nint, void**, nint> GetTensorMutableData;
    public nint FillStringTensor;
    public nint GetStringTensorDataLength;
    public nint GetStringTensorContent;
    public delegate* unmanaged[Cdecl]<nint, nint*, nint> CastTypeInfoToTensorInfo;
    public delegate* unmanaged[Cdecl]<nint, int*, nint> GetOnnxTypeFromTypeInfo;
    public nint CreateTensorTypeAndShapeInfo;
    public nint SetTensorElementType;
    public nint SetDimensions;

    // 60
    public delegate* unmanaged[Cdecl]<nint, int*, nint> GetTensorElementType;
    public delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetDimensionsCount;
    public delegate* unmanaged[Cdecl]<nint, long*, nuint, nint> GetDimensions;
    public delegate* unmanaged[Cdecl]<nint, byte**, nuint, nint> GetSymbolicDimensions;
    public delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetTensorShapeElementCount;
    public delegate* unmanaged[Cdecl]<nint, nint*, nint> GetTensorTypeAndShape;
    public nint GetTypeInfo;
    public nint GetValueType;
    public nint CreateMemoryInfo;
    public delegate* unmanaged[Cdecl]<int, int, nint*, nint> CreateCpuMemoryInfo;

    // 70
    public nint CompareMemoryInfo;
    public nint MemoryInfoGetName;
    public nint MemoryInfoGetId;
    public nint MemoryInfoGetMemType;
    public nint MemoryInfoGetType;
    public nint AllocatorAlloc;
    public delegate* unmanaged[Cdecl]<nint, void*, nint> AllocatorFree;
    public nint AllocatorGetInfo;
    public delegate* unmanaged[Cdecl]<nint*, nint> GetAllocatorWithDefaultOptions;
    public delegate* unmanaged[Cdecl]<nint, byte*, long, nint> AddFreeDimensionOverride;

    // 80
    public nint GetValue;
    public nint GetValueCount;
    public nint CreateValue;
    public nint CreateOpaqueValue;
    public nint GetOpaqueValue;
    public nint KernelInfoGetAttribute_float;
    public nint KernelInfoGetAttribute_int64;
    public nint KernelInfoGetAttribute_string;
    public nint KernelContext_GetInputCount;
    public nint KernelContext_GetOutputCount;

    // 90
    public nint KernelContext_GetInput;
    public nint KernelContext_GetOutput;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseEnv;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseStatus;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseMemoryInfo;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseSession;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseValue;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseRunOptions;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseTypeInfo;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseTensorTypeAndShapeInfo;

    // 100
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseSessionOptions;
    public nint ReleaseCustomOpDomain;
    public nint GetDenotationFromTypeInfo;
    public nint CastTypeInfoToMapTypeInfo;
    public nint CastTypeInfoToSequenceTypeInfo;
    public nint GetMapKeyType;
    public nint GetMapValueType;
    public nint GetSequenceElementType;
    public nint ReleaseMapTypeInfo;
    public nint ReleaseSequenceTypeInfo;

    // 110
    public delegate* unmanaged[Cdecl]<nint, nint, nint*, nint> SessionEndProfiling;
    public nint SessionGetModelMetadata;
    public nint ModelMetadataGetProducerName;
    public nint ModelMetadataGetGraphName;
    public nint ModelMetadataGetDomain;
    public nint ModelMetadataGetDescription;
    public nint ModelMetadataLookupCustomMetadataMap;
    public nint ModelMetadataGetVersion;
    public nint ReleaseModelMetadata;
    public nint CreateEnvWithGlobalThreadPools;

    // 120
    public delegate* unmanaged[Cdecl]<nint, nint> DisablePerSessionThreads;
    public delegate* unmanaged[Cdecl]<nint*, nint> CreateThreadingOptions;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseThreadingOptions;
    public nint ModelMetadataGetCustomMetadataMapKeys;
    public delegate* unmanaged[Cdecl]<nint, byte*, long, nint> AddFreeDimensionOverrideByName;
    public delegate* unmanaged[Cdecl]<byte***, int*, nint> GetAvailableProviders;
    public delegate* unmanaged[Cdecl]<byte**, int, nint> ReleaseAvailableProviders;
    public nint GetStringTensorElementLength;
    public nint GetStringTensorElement;
    public nint FillStringTensorElement;

    // 130
    public delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint> AddSessionConfigEntry;
    public nint CreateAllocator;
    public nint ReleaseAllocator;
    public delegate* unmanaged[Cdecl]<nint, nint, nint, nint> RunWithBinding;
    public delegate* unmanaged[Cdecl]<nint, nint*, nint> CreateIoBinding;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseIoBinding;
    public delegate* unmanaged[Cdecl]<nint, byte*, nint, nint> BindInput;
    public delegate* unmanaged[Cdecl]<nint, byte*, nint, nint> BindOutput;
    public nint BindOutputToDevice;
    public nint GetBoundOutputNames;

    // 140
    public nint GetBoundOutputValues;
    public delegate* unmanaged[Cdecl]<nint, void> ClearBoundInputs;
    public delegate* unmanaged[Cdecl]<nint, void> ClearBoundOutputs;
    public nint TensorAt;
    public nint CreateAndRegisterAllocator;
    public nint SetLanguageProjection;
    public nint SessionGetProfilingStartTimeNs;
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetGlobalIntraOpNumThreads;
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetGlobalInterOpNumThreads;
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetGlobalSpinControl;

    // 150
    public nint AddInitializer;
    public delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<nint, int, byte*, byte*, byte*, byte*, void>, nint, int, byte*, nint, nint*, nint> CreateEnvWithCustomLoggerAndGlobalThreadPools;
    public nint SessionOptionsAppendExecutionProvider_CUDA;
    public nint SessionOptionsAppendExecutionProvider_ROCM;
    public nint SessionOptionsAppendExecutionProvider_OpenVINO;
    public nint SetGlobalDenormalAsZero;
    public nint CreateArenaCfg;
    public nint ReleaseArenaCfg;
    public nint ModelMetadataGetGraphDescription;
    public nint SessionOptionsAppendExecutionProvider_TensorRT;

    // 160
    public nint SetCurrentGpuDeviceId;
    public nint GetCurrentGpuDeviceId;
    public nint KernelInfoGetAttributeArray_float;
    public nint KernelInfoGetAttributeArray_int64;
    public nint CreateArenaCfgV2;
    public nint AddRunConfigEntry;
    public nint CreatePrepackedWeightsContainer;
    public nint ReleasePrepackedWeightsContainer;
    public nint CreateSessionWithPrepackedWeightsContainer;
    public nint CreateSessionFromArrayWithPrepackedWeightsContainer;

    // 170
    public delegate* unmanaged[Cdecl]<nint, nint, nint> SessionOptionsAppendExecutionProvider_TensorRT_V2;
    public delegate* unmanaged[Cdecl]<nint*, nint> CreateTensorRTProviderOptions;
    public delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint> UpdateTensorRTProviderOptions;
    public nint GetTensorRTProviderOptionsAsString;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseTensorRTProviderOptions;
    public nint EnableOrtCustomOps;
    public nint RegisterAllocator;
    public nint UnregisterAllocator;
    public nint IsSparseTensor;
    public nint CreateSparseTensorAsOrtValue;

    // 180
    public nint FillSparseTensorCoo;
    public nint FillSparseTensorCsr;
    public nint FillSparseTensorBlockSparse;
    public nint CreateSparseTensorWithValuesAsOrtValue;
    public nint UseCooIndices;
    public nint UseCsrIndices;
    public nint UseBlockSparseIndices;
    public nint GetSparseTensorFormat;
    public nint GetSparseTensorValuesTypeAndShape;
    public nint GetSparseTensorValues;

    // 190
    public nint GetSparseTensorIndicesTypeShape;
    public nint GetSparseTensorIndices;
    public nint HasValue;
    public nint KernelContext_GetGPUComputeStream;
    public nint GetTensorMemoryInfo;
    public delegate* unmanaged[Cdecl]<byte*, uint, void**, nint> GetExecutionProviderApi;
    public nint SessionOptionsSetCustomCreateThreadFn;
    public nint SessionOptionsSetCustomThreadCreationOptions;
    public nint SessionOptionsSetCustomJoinThreadFn;
    public nint SetGlobalCustomCreateThreadFn;

    // 200
    public nint SetGlobalCustomThreadCreationOptions;
    public nint SetGlobalCustomJoinThreadFn;
    public nint SynchronizeBoundInputs;
    public nint SynchronizeBoundOutputs;
    public delegate* unmanaged[Cdecl]<nint, nint, nint> SessionOptionsAppendExecutionProvider_CUDA_V2;
    public delegate* unmanaged[Cdecl]<nint*, nint> CreateCUDAProviderOptions;
    public delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint> UpdateCUDAProviderOptions;
    public nint GetCUDAProviderOptionsAsString;
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseCUDAProviderOptions;
    public nint SessionOptionsAppendExecutionProvider_MIGraphX;

    // 210
    public nint AddExternalInitializers;
    public nint CreateOpAttr;
    public nint ReleaseOpAttr;
    public nint CreateOp;
    public nint InvokeOp;
    public nint ReleaseOp;
    public delegate* unmanaged[Cdecl]<nint, byte*, byte**, byte**, nuint, nint> SessionOptionsAppendExecutionProvider;
    public nint CopyKernelInfo;
    public nint ReleaseKernelInfo;
    // End of C API version 12: nothing past this point may be read (see OrtApiVersion.Minimum).
}
