using EdgeMer.Messaging.Interop.Zmq;

namespace EdgeMer.Messaging.Zmq;

/// <summary>What libzmq this process can load, for <c>edgemer doctor</c>. Never throws.</summary>
public static class ZmqLibrary
{
    /// <summary>Loads libzmq if it can and reports its version and whether it has CURVE.</summary>
    public static ZmqLibraryInfo Probe()
    {
        try
        {
            LibZmq.EnsureResolver();
            LibZmq.Version(out int major, out int minor, out int patch);
            bool curve = LibZmq.Has("curve") != 0;
            return new ZmqLibraryInfo(true, new Version(major, minor, patch), curve, Problem: null);
        }
        catch (DllNotFoundException e)
        {
            return new ZmqLibraryInfo(false, null, false, $"libzmq could not be loaded (install Debian libzmq5): {e.Message}");
        }
        catch (EntryPointNotFoundException e)
        {
            return new ZmqLibraryInfo(false, null, false, $"the libzmq found is too old (EdgeMer needs 4.3): {e.Message}");
        }
    }
}
