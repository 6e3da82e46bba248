using EdgeMer.Runtime.Hosting;

namespace EdgeMer.Runtime.Tests;

/// <summary>A refused reload tells a control client why without mapping the device's folders for it; the log keeps the whole reason.</summary>
public sealed class ReloadReplyTests
{
    [Theory]
    [InlineData(
        "device profile /etc/edgemer/devices/atari-2600.json: (file): cannot be read: Could not find file '/etc/edgemer/devices/atari-2600.json'.",
        "device profile atari-2600.json: (file): cannot be read: Could not find file 'atari-2600.json'.")]
    [InlineData(
        "EdgeMer:Models: model file /var/lib/edgemer/models/emotion.fp32.onnx has sha256 00 but /var/lib/edgemer/models/index.json records 11",
        "EdgeMer:Models: model file emotion.fp32.onnx has sha256 00 but index.json records 11")]
    [InlineData(
        "Messaging:Security:ClientsDirectory: CURVE client allow-list directory /etc/edgemer/clients/ does not exist",
        "Messaging:Security:ClientsDirectory: CURVE client allow-list directory clients does not exist")]
    [InlineData("EdgeMer:HealthInterval 00:00:00.0010000 must be from 00:00:00.1 to 00:10:00", "EdgeMer:HealthInterval 00:00:00.0010000 must be from 00:00:00.1 to 00:10:00")]
    [InlineData("Messaging:Control:Endpoint 'ipc:///run/edgemer/control' cannot change", "Messaging:Control:Endpoint 'ipc:///run/edgemer/control' cannot change")]
    public void A_reload_reply_names_files_by_their_last_part_only(string reason, string reply)
    {
        Assert.Equal(reply, ReloadCoordinator.ForClient(reason));
    }
}
