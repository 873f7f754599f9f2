using System.CommandLine;
using Conformance.Engine.Generation;

namespace Conformance.Cli.Commands.Generate;

/// <summary>`conformance generate`: parses options for <see cref="CatalogGenerator"/>.</summary>
internal sealed class GenerateCommand : ICommand
{
    private readonly Option<string> device = new("--device")
    {
        Description = "The device profile (e.g. written by `conformance discover`).",
        HelpName = "PROFILE.yaml",
        Required = true,
    };

    private readonly Option<string> output = new("--out")
    {
        Description = "The catalog folder to write: devices/ (the profile) and one folder per IOCTL, one file per attack family.",
        HelpName = "FOLDER",
        Required = true,
    };

    private readonly Option<uint> raceRepeat = new("--race-repeat")
    {
        Description = $"Repetitions of each racer case (default {CatalogGenerator.DefaultRaceRepeat}).",
        HelpName = "N",
        DefaultValueFactory = _ => CatalogGenerator.DefaultRaceRepeat,
    };

    public GenerateCommand()
    {
        Command = new Command("generate", "Write the standard attack catalog of a device profile as readable YAML scenarios.")
        {
            device, output, raceRepeat,
        };
    }

    public Command Command { get; }

    public string HelpDetails =>
        """
        Per IOCTL: every buffer state x offset for both buffers, input and output length classes, length lies, NULL with
        and without lengths, huge lengths, access-bit mismatch, racers (METHOD_NEITHER and direct I/O), input field values
        and wrapping products, and pointer sweeps over the profile's input.pointers. Cases assert what needs no knowledge
        of the driver (alive, no kernel write/read/poison, nothing past the buffer, the access-trace rules, a time limit,
        the I/O manager's documented refusals) and the statuses the profile gives (too_short, too_long, bad_pointer,
        handle_check). Per profile sequences: entry (IOCTLs sharing a handle: create, use, release), sequence-NAME/:
        create -> use -> release, use after release, double release, a stale and a never-created handle.
        Run it: conformance run --scenarios FOLDER (docs/discover-generate.md).
        Exit codes: 0 written and loads cleanly, 1 written with load errors, 2 usage error.
        """;

    public Task<int> RunAsync(ParseResult parsed, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(console);
        string profile = parsed.GetValue(device)!;
        if (!File.Exists(profile))
        {
            throw new UsageException($"--device {profile}: no such file. Write one with `conformance discover --out {profile}`.");
        }

        if (parsed.GetValue(raceRepeat) is 0 or > 10_000)
        {
            throw new UsageException("--race-repeat must be 1..10000.");
        }

        GeneratedCatalog catalog;
        try
        {
            catalog = CatalogGenerator.Write(profile, parsed.GetValue(output)!, parsed.GetValue(raceRepeat));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        foreach (var error in catalog.Errors)
        {
            console.Out.WriteLine(error);
        }

        console.Out.WriteLine($"{catalog.Folder}: {catalog.Files.Count} scenario files, {catalog.Cases} cases{(catalog.Errors.Count > 0 ? $", {catalog.Errors.Count} load error(s)" : "")}");
        console.Out.WriteLine($"run it: conformance run --scenarios {catalog.Folder}");
        return Task.FromResult(catalog.Errors.Count == 0 ? ExitCodes.Success : ExitCodes.Failure);
    }
}
