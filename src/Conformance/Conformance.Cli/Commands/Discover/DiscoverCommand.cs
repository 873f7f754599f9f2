using System.CommandLine;
using System.Globalization;
using Conformance.Cli.Options;
using Conformance.Engine;
using Conformance.Engine.Discovery;

namespace Conformance.Cli.Commands.Discover;

/// <summary>`conformance discover`: parses options for <see cref="DeviceDiscovery"/> and writes its profile.</summary>
internal sealed class DiscoverCommand : ICommand
{
    private readonly Option<string> root = new("--root")
    {
        Description = "The repository (the folder holding Conformance.sln); default: found above the current directory.",
        HelpName = "DIR",
    };

    private readonly Option<string> driver = new("--driver")
    {
        Description = "The driver's simulator build (a Linux .so, e.g. from `conformance build-driver`); with --device.",
        HelpName = "LIB",
    };

    private readonly Option<string> device = new("--device")
    {
        Description = @"The NT device name the driver creates, e.g. \Device\ConformanceSample; with --driver.",
        HelpName = "NAME",
    };

    private readonly Option<string> profile = new("--profile")
    {
        Description = "Open the device as this device profile's open section says (its IOCTL table is not used); --driver still overrides its library.",
        HelpName = "FILE",
    };

    private readonly Option<string> deviceType = new("--device-type")
    {
        Description = "The CTL_CODE device type to probe (e.g. 0x8C01); default: the profile's device_type, else the header's first CTL_CODE.",
        HelpName = "N",
    };

    private readonly Option<string> header = new("--header")
    {
        Description = "The driver's public header: name the IOCTLs found by its CTL_CODE macros (default names: IOCTL_<type>_<function>).",
        HelpName = "FILE",
    };

    private readonly Option<bool> allFunctions = new("--all-functions")
    {
        Description = "Probe function codes 0-0xFFF (Microsoft's range too), not only the vendor range 0x800-0xFFF.",
    };

    private readonly Option<bool> statusSignal = new("--status-signal")
    {
        Description = "Tell handled codes by their status only (the Windows signal), even where the simulator reports the driver's path.",
    };

    private readonly Option<string> output = new("--out")
    {
        Description = "The profile to write; its file name is the profile name (default: ./<device name, lower case>.yaml).",
        HelpName = "FILE",
    };

    private readonly Option<string> target = new("--target")
    {
        Description = "simulator (default) or windows (the profile's open.windows device; not yet run on Windows).",
        HelpName = "simulator|windows",
        DefaultValueFactory = _ => "simulator",
    };

    public DiscoverCommand()
    {
        target.AcceptOnlyFromAmong([.. TargetFactory.Names]);
        Command = new Command("discover", "Probe a device's IOCTL surface and size limits; write a device profile.")
        {
            root, driver, device, profile, deviceType, header, allFunctions, statusSignal, output, target,
        };
    }

    public Command Command { get; }

    public string HelpDetails =>
        """
        Tries every function code (0x800-0xFFF, or 0-0xFFF) x the four methods x the four access bits of the device
        type. In the simulator with an edge-instrumented driver, a code is handled when its dispatch takes another path
        than unhandled codes; else (and on Windows, or with --status-signal) unless it is answered
        STATUS_INVALID_DEVICE_REQUEST (or STATUS_INVALID_PARAMETER at every length tried). For each handled code it bisects the input and output lengths (0..65536) the driver accepts, the
        statuses of lengths outside them, the status of a no-access buffer (METHOD_NEITHER), an access the driver checks
        on the handle itself, the driver's proof events, and a liveness call. The profile says how each fact was found.
        Next: conformance generate --device FILE --out FOLDER (docs/discover-generate.md).
        Exit codes: 0 profile written, 1 nothing handled found, 2 usage error, 130 interrupted.
        """;

    public async Task<int> RunAsync(ParseResult parsed, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(console);
        string repository = RepositoryLocator.Find(parsed.GetValue(root));
        var opening = Usage(() => DeviceDiscovery.OpeningProfile(parsed.GetValue(profile), parsed.GetValue(driver), parsed.GetValue(device)));
        var ctlHeader = parsed.GetValue(header) is { } headerPath ? Usage(() => CtlCodeHeader.Read(headerPath)) : null;
        uint type = parsed.GetValue(deviceType) is { } text ? ParseNumber(text)
            : opening.DeviceType ?? ctlHeader?.DeviceType
            ?? throw new UsageException("no device type: pass --device-type N (the DeviceType the driver gave IoCreateDevice), or --header with its CTL_CODE macros.");
        string outPath = Path.GetFullPath(parsed.GetValue(output) ?? DefaultName(opening) + ".yaml");
        string name = Path.GetFileNameWithoutExtension(outPath);
        var settings = new RunSettings
        {
            RepositoryRoot = repository,
            Target = parsed.GetValue(target) ?? "simulator",
            DriverPath = parsed.GetValue(profile) is not null ? parsed.GetValue(driver) : null,
        };
        if (settings.Target == "windows" && !OperatingSystem.IsWindows())
        {
            throw new UsageException("--target windows runs on Windows (the status signal; not yet run there).");
        }

        var options = new DiscoverOptions { ProfileName = name, DeviceType = type, AllFunctions = parsed.GetValue(allFunctions), StatusSignal = parsed.GetValue(statusSignal), Header = ctlHeader };
        var progress = new Progress<string>(line => console.Error.WriteLine($"discover: {line}"));
        var found = await DeviceDiscovery.RunAsync(settings, opening, options, progress, cancellationToken).ConfigureAwait(false);
        string schema = Path.GetRelativePath(Path.GetDirectoryName(outPath)!, Path.Combine(repository, "scenarios", "schema", "device.schema.json"));
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        await File.WriteAllTextAsync(outPath, DiscoveredProfileWriter.Write(found, schema), cancellationToken).ConfigureAwait(false);
        console.Out.WriteLine($"{outPath}: {found.Ioctls.Count} IOCTL(s), {found.Calls} probe calls in {found.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        return found.Ioctls.Count > 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static T Usage<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException(e.Message);
        }
    }

    private static uint ParseNumber(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) && hex <= 0xFFFF ? hex : throw Bad(text)
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 0xFFFF ? value : throw Bad(text);

    private static UsageException Bad(string text) => new($"--device-type '{text}' is not a device type: write 0..0xFFFF, e.g. 0x8C01.");

    // \Device\ConformanceSample -> conformancesample
    private static string DefaultName(Conformance.Scenarios.DeviceProfile opening) =>
        (opening.Simulator?.DeviceName.Split('\\', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? opening.Name).ToLowerInvariant();
}
