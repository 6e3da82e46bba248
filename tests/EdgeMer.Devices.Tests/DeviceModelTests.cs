using EdgeMer.Devices;

namespace EdgeMer.Devices.Tests;

public sealed class DeviceModelTests
{
    [Theory]
    [InlineData("NVIDIA Jetson Orin Nano Developer Kit\0", "arm64", "jetson-orin-nano")]
    [InlineData("NVIDIA Jetson Nano Developer Kit\0", "arm64", "jetson-nano")]
    [InlineData("Raspberry Pi 5 Model B Rev 1.0\0", "arm64", "raspberry-pi-5")]
    [InlineData("Raspberry Pi 4 Model B Rev 1.4\0", "arm64", "raspberry-pi-4")]
    [InlineData(null, "x64", "x64-dev")]
    [InlineData("Pine64 RockPro64\0", "arm64", null)]
    [InlineData(null, "arm64", null)]
    public void The_board_model_picks_the_matching_profile(string? model, string arch, string? profile)
    {
        Assert.Equal(profile, DeviceModel.ProfileIdFor(model, arch));
    }
}
