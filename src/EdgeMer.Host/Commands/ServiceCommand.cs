using System.CommandLine;
using EdgeMer.Devices;
using EdgeMer.Platform;
using EdgeMer.Runtime;
using EdgeMer.Runtime.Packaging;

namespace EdgeMer.Host.Commands;

/// <summary><c>edgemer service unit</c>: the hardened systemd unit for a device profile.</summary>
internal static class ServiceCommand
{
    public static Command Create()
    {
        var profile = new Option<string?>("--profile")
        {
            Description = "Device profile id (a file in devices/) or path; detected from the board when left out.",
        };
        var devices = new Option<string>("--devices")
        {
            Description = "Folder of device profiles.",
            DefaultValueFactory = _ => EdgeMerPaths.Devices,
        };
        var executable = new Option<string>("--exec")
        {
            Description = "The installed edgemer the unit runs.",
            DefaultValueFactory = _ => "/opt/edgemer/edgemer",
        };
        var config = new Option<string>("--config")
        {
            Description = "The configuration file the unit passes to edgemer run.",
            DefaultValueFactory = _ => "/etc/edgemer/edgemer.json",
        };
        var output = new Option<string?>("--out") { Description = "Write the unit to this file (atomically) instead of printing it." };
        var unit = new Command("unit", "Write the systemd unit for edgemer run: hardened, with DeviceAllow= for the profile's camera, sound and GPIO chip only.")
        {
            profile,
            devices,
            executable,
            config,
            output,
        };
        unit.SetAction(parse =>
        {
            try
            {
                DeviceProfileLocation location = DeviceProfileLocation.Resolve(parse.GetValue(devices)!, parse.GetValue(profile), "--profile");
                string text = SystemdUnit.For(DeviceProfileLoader.Load(location.Path), parse.GetValue(executable)!, parse.GetValue(config)!);
                if (parse.GetValue(output) is { } path)
                {
                    AtomicFile.WriteText(path, text);
                    Console.Error.WriteLine($"wrote {path}");
                }
                else
                {
                    Console.Write(text);
                }

                return 0;
            }
            catch (Exception e) when (e is DeviceProfileException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"edgemer service unit: {e.Message}");
                return 2;
            }
        });

        var service = new Command("service", "Run EdgeMer as a systemd service.");
        service.Subcommands.Add(unit);
        return service;
    }
}
