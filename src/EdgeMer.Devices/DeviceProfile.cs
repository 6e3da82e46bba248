using EdgeMer.Affect;

namespace EdgeMer.Devices;

/// <summary>
/// What a kind of device offers and what EdgeMer may use of it: execution providers in order of
/// preference, threads, the latency budget and the purpose that sets stage priorities. One JSON file
/// per device under <c>devices/</c>; <see cref="DeviceProfileLoader"/> reads and validates it.
/// </summary>
public sealed record DeviceProfile
{
    /// <summary>Stable identifier, equal to the file name without <c>.json</c> (for example <c>raspberry-pi-5</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Human-readable name of the board and software stack.</summary>
    public required string Name { get; init; }

    /// <summary>CPU architecture: <c>arm64</c> or <c>x64</c>.</summary>
    public required string Arch { get; init; }

    /// <summary>CPU cores the board has.</summary>
    public required int Cores { get; init; }

    /// <summary>Memory the board has, in MiB.</summary>
    public required int MemoryMiB { get; init; }

    /// <summary>What the device is deployed for: decides which stages come first under load and what may be inferred at all.</summary>
    public required Purpose Purpose { get; init; }

    public required DeviceBudget Budget { get; init; }

    /// <summary>
    /// The glibc version of the OS the board runs as the profile describes it ("2.27" for JetPack 4.6),
    /// when stated: doctor says when it is older than the one the binary needs.
    /// </summary>
    public string? Glibc { get; init; }

    public required DeviceInference Inference { get; init; }

    /// <summary>Where the board's camera, microphone and skeleton stream are, when it has them; sensing uses them unless configured otherwise.</summary>
    public DeviceSources? Sources { get; init; }

    /// <summary>The GPIO lines of the privacy switch and the alert outputs, when the board has them wired.</summary>
    public DeviceGpio? Gpio { get; init; }
}
