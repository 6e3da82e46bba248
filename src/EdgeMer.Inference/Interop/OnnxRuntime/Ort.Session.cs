using System.Runtime.InteropServices;
using EdgeMer.Platform;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

internal static unsafe partial class Ort
{
    public static OrtSessionHandle CreateSession(OrtEnvHandle environment, string modelPath, OrtSessionOptionsHandle options)
    {
        OrtApi* api = OrtNative.Api;
        nint raw;

        // ORTCHAR_T is wchar_t on Windows and char (UTF-8) elsewhere.
        if (OperatingSystem.IsWindows())
        {
            fixed (char* path = modelPath)
            {
                OrtStatus.Check(api->CreateSession(environment.DangerousGetHandle(), path, options.DangerousGetHandle(), &raw));
            }
        }
        else
        {
            fixed (byte* path = OrtUtf8.NullTerminated(modelPath))
            {
                OrtStatus.Check(api->CreateSession(environment.DangerousGetHandle(), path, options.DangerousGetHandle(), &raw));
            }
        }

        return OrtHandle.Adopt<OrtSessionHandle>(raw);
    }

    public static OrtSessionHandle CreateSession(OrtEnvHandle environment, ReadOnlySpan<byte> model, OrtSessionOptionsHandle options)
    {
        nint raw;
        fixed (byte* bytes = model)
        {
            OrtStatus.Check(OrtNative.Api->CreateSessionFromArray(
                environment.DangerousGetHandle(), bytes, (nuint)model.Length, options.DangerousGetHandle(), &raw));
        }

        return OrtHandle.Adopt<OrtSessionHandle>(raw);
    }

    public static int GetInputCount(OrtSessionHandle session)
    {
        nuint count;
        OrtStatus.Check(OrtNative.Api->SessionGetInputCount(session.DangerousGetHandle(), &count));
        return checked((int)count);
    }

    public static int GetOutputCount(OrtSessionHandle session)
    {
        nuint count;
        OrtStatus.Check(OrtNative.Api->SessionGetOutputCount(session.DangerousGetHandle(), &count));
        return checked((int)count);
    }

    public static OrtAllocatedStringHandle GetInputName(OrtSessionHandle session, int index)
    {
        nint name;
        OrtStatus.Check(OrtNative.Api->SessionGetInputName(session.DangerousGetHandle(), (nuint)index, OrtNative.DefaultAllocator, &name));
        return OrtHandle.Adopt<OrtAllocatedStringHandle>(name);
    }

    public static OrtAllocatedStringHandle GetOutputName(OrtSessionHandle session, int index)
    {
        nint name;
        OrtStatus.Check(OrtNative.Api->SessionGetOutputName(session.DangerousGetHandle(), (nuint)index, OrtNative.DefaultAllocator, &name));
        return OrtHandle.Adopt<OrtAllocatedStringHandle>(name);
    }

    /// <summary>Stops profiling a session and returns the trace file ONNX Runtime wrote.</summary>
    public static string EndProfiling(OrtSessionHandle session)
    {
        nint path;
        OrtStatus.Check(OrtNative.Api->SessionEndProfiling(session.DangerousGetHandle(), OrtNative.DefaultAllocator, &path));
        using OrtAllocatedStringHandle text = OrtHandle.Adopt<OrtAllocatedStringHandle>(path);
        return ReadString(text);
    }

    public static string ReadString(OrtAllocatedStringHandle text) => Marshal.PtrToStringUTF8(text.DangerousGetHandle()) ?? string.Empty;

    public static OrtValueDescription DescribeInput(OrtSessionHandle session, int index)
    {
        nint raw;
        OrtStatus.Check(OrtNative.Api->SessionGetInputTypeInfo(session.DangerousGetHandle(), (nuint)index, &raw));
        using OrtTypeInfoHandle typeInfo = OrtHandle.Adopt<OrtTypeInfoHandle>(raw);
        return Describe(typeInfo);
    }

    public static OrtValueDescription DescribeOutput(OrtSessionHandle session, int index)
    {
        nint raw;
        OrtStatus.Check(OrtNative.Api->SessionGetOutputTypeInfo(session.DangerousGetHandle(), (nuint)index, &raw));
        using OrtTypeInfoHandle typeInfo = OrtHandle.Adopt<OrtTypeInfoHandle>(raw);
        return Describe(typeInfo);
    }

    private static OrtValueDescription Describe(OrtTypeInfoHandle typeInfo)
    {
        OrtApi* api = OrtNative.Api;
        int kind;
        OrtStatus.Check(api->GetOnnxTypeFromTypeInfo(typeInfo.DangerousGetHandle(), &kind));
        if ((OnnxType)kind != OnnxType.Tensor)
        {
            return new OrtValueDescription((OnnxType)kind, TensorElementType.Undefined, [], []);
        }

        // Borrowed from the type info: valid until it is released, never freed on its own.
        nint tensorInfo;
        OrtStatus.Check(api->CastTypeInfoToTensorInfo(typeInfo.DangerousGetHandle(), &tensorInfo));
        return DescribeTensorInfo(tensorInfo, OnnxType.Tensor, withSymbols: true);
    }

    private static OrtValueDescription DescribeTensorInfo(nint tensorInfo, OnnxType kind, bool withSymbols)
    {
        OrtApi* api = OrtNative.Api;
        int elementType;
        nuint rank;
        OrtStatus.Check(api->GetTensorElementType(tensorInfo, &elementType));
        OrtStatus.Check(api->GetDimensionsCount(tensorInfo, &rank));
        long[] shape = new long[(int)rank];
        string[] symbols = new string[(int)rank];
        fixed (long* dims = shape)
        {
            OrtStatus.Check(api->GetDimensions(tensorInfo, dims, rank));
        }

        if (withSymbols && rank > 0)
        {
            byte*[] names = new byte*[(int)rank];
            fixed (byte** namePointers = names)
            {
                OrtStatus.Check(api->GetSymbolicDimensions(tensorInfo, namePointers, rank));
            }

            for (int i = 0; i < symbols.Length; i++)
            {
                symbols[i] = names[i] == null ? string.Empty : Marshal.PtrToStringUTF8((nint)names[i]) ?? string.Empty;
            }
        }
        else
        {
            Array.Fill(symbols, string.Empty);
        }

        return new OrtValueDescription(kind, (TensorElementType)elementType, shape, symbols);
    }
}
