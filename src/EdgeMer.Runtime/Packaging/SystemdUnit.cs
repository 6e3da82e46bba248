using System.Globalization;
using System.Text;
using EdgeMer.Devices;

namespace EdgeMer.Runtime.Packaging;

/// <summary>
/// The systemd unit that runs <c>edgemer run</c> on a device, hardened as far as a Native AOT binary with
/// ONNX Runtime and libzmq allows, and opening only the device nodes the profile names: its camera, its
/// sound cards (ALSA) and its GPIO chip.
/// </summary>
public static class SystemdUnit
{
    /// <summary>The watchdog timeout the unit asks for; the service feeds it every half of that while it makes progress.</summary>
    public static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(30);

    /// <summary>The device nodes <paramref name="profile"/> needs, as <c>DeviceAllow=</c> takes them.</summary>
    public static IReadOnlyList<string> DeviceNodes(DeviceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var nodes = new List<string>();
        if (profile.Sources?.Video is { } video)
        {
            nodes.Add(video);
        }

        if (profile.Sources?.Audio is { } audio && audio.StartsWith("alsa:", StringComparison.Ordinal))
        {
            // ALSA opens /dev/snd/controlC*, pcmC*D*c and timer: the whole class, by its major.
            nodes.Add("char-alsa");
        }

        if (profile.Gpio is { } gpio)
        {
            nodes.Add("/dev/gpiochip" + gpio.Chip.ToString(CultureInfo.InvariantCulture));
        }

        return nodes;
    }

    /// <summary>The unit's text for <paramref name="profile"/>, running <paramref name="executable"/> with <paramref name="configFile"/>.</summary>
    public static string For(DeviceProfile profile, string executable, string configFile, string user = "edgemer")
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentException.ThrowIfNullOrEmpty(executable);
        ArgumentException.ThrowIfNullOrEmpty(configFile);
        ArgumentException.ThrowIfNullOrEmpty(user);
        if (!Path.IsPathFullyQualified(executable) || !Path.IsPathFullyQualified(configFile))
        {
            throw new ArgumentException($"the executable ({executable}) and the configuration file ({configFile}) must be absolute paths, as systemd needs them");
        }

        var unit = new StringBuilder();
        unit.Append(CultureInfo.InvariantCulture, $"""
            # edgemer.service for the {profile.Id} profile ({profile.Name}),
            # written by `edgemer service unit --profile {profile.Id}`: docs/running.md, "systemd".
            [Unit]
            Description=EdgeMer on-device emotion recognition ({profile.Id})
            Wants=network-online.target
            After=network-online.target

            [Service]
            # READY=1 once models and sockets are up, RELOADING=1 on SIGHUP, STOPPING=1 on SIGTERM, and
            # WATCHDOG=1 every WatchdogSec/2 while the pipelines make progress: a hung service is restarted.
            Type=notify
            NotifyAccess=main
            WatchdogSec={(int)Watchdog.TotalSeconds}
            ExecStart={executable} run --config {configFile}
            ExecReload=/bin/kill -HUP $MAINPID
            Environment=EDGEMER_CACHE=/var/lib/edgemer
            Environment=EDGEMER_EdgeMer__Profile={profile.Id}
            User={user}
            Group={user}
            Restart=on-failure
            RestartSec=2
            TimeoutStopSec=15

            # State (the privacy switch, TensorRT engines) and the control socket: the only writable places.
            StateDirectory=edgemer
            StateDirectoryMode=0700
            RuntimeDirectory=edgemer
            RuntimeDirectoryMode=0700
            UMask=0077
            ProtectSystem=strict
            ProtectHome=yes
            PrivateTmp=yes
            PrivateMounts=yes
            RemoveIPC=yes
            ProtectProc=invisible

            # No privileges to gain or keep.
            NoNewPrivileges=yes
            CapabilityBoundingSet=
            AmbientCapabilities=
            RestrictSUIDSGID=yes

            # Native AOT compiles ahead of time, and ONNX Runtime's CPU build, libzmq and ffmpeg were run under
            # memory-deny-write-execute without needing writable executable memory (docs/running.md).
            MemoryDenyWriteExecute=yes
            LockPersonality=yes
            RestrictRealtime=yes
            RestrictNamespaces=yes
            SystemCallArchitectures=native
            SystemCallFilter=@system-service
            SystemCallErrorNumber=EPERM
            ProtectKernelTunables=yes
            ProtectKernelModules=yes
            ProtectKernelLogs=yes
            ProtectControlGroups=yes
            ProtectClock=yes
            ProtectHostname=yes

            # ZeroMQ over TCP (IPv4, IPv6) and ipc:// sockets, journald and the notify socket (AF_UNIX);
            # AF_NETLINK for endpoints that name a network interface (tcp://eth0:5556).
            RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK

            # Only the devices the profile names.
            DevicePolicy=closed

            """);
        foreach (string node in DeviceNodes(profile))
        {
            unit.Append(CultureInfo.InvariantCulture, $"DeviceAllow={node} rw\n");
        }

        if (profile.Inference.Providers.Contains("CUDA", StringComparer.Ordinal) || profile.Inference.Providers.Contains("TensorRT", StringComparer.Ordinal))
        {
            unit.Append("""
                # CUDA and TensorRT need the GPU's device nodes as well (on a Jetson /dev/nvmap, /dev/nvhost-*,
                # /dev/nvgpu/*): add them here for the board's JetPack. Without them the models fall back to CPU.

                """);
        }

        unit.Append("""

            [Install]
            WantedBy=multi-user.target

            """);
        return unit.ToString();
    }
}
