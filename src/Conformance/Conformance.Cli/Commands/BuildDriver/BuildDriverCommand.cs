using System.CommandLine;
using Conformance.Cli.Options;
using Conformance.Engine.DriverBuilds;

namespace Conformance.Cli.Commands.BuildDriver;

/// <summary>
/// `conformance build-driver SOURCES... --out LIB.so`: an unmodified WDM driver compiled for the simulator and loaded
/// once (<see cref="DriverBuild"/>); this class only reads the command line and prints the report.
/// </summary>
internal sealed class BuildDriverCommand : ICommand
{
    private readonly Argument<string[]> sources = new Argument<string[]>("SOURCES")
    {
        Description = "The driver: a folder (every .c directly inside it) or .c files. The folders of the sources are searched for the driver's own headers.",
        Arity = ArgumentArity.OneOrMore,
    }.NotAnOption();

    private readonly Option<string> output = new("--out", "-o")
    {
        Description = "The simulator library to write, e.g. build/libmydriver.so (its folder is made when missing).",
        HelpName = "LIB.so",
        Required = true,
    };

    private readonly Option<string[]> defines = new("--define", "-D")
    {
        Description = "A preprocessor definition, NAME or NAME=VALUE (repeat for more). DBG is not defined unless given: a release "
            + "build, where KdPrint compiles away as in the WDK. -D DBG=1 makes a debug build.",
        HelpName = "NAME[=VALUE]",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string[]> includes = new("--include", "-I")
    {
        Description = "Another folder of headers (repeat for more), searched after the shim's and the sources' folders.",
        HelpName = "DIR",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<bool> werror = new("--werror")
    {
        Description = "Treat compiler warnings as errors. Off by default: warnings are shown, the build goes on.",
    };

    private readonly Option<bool> noLoad = new("--no-load")
    {
        Description = "Only compile: do not load the library in the simulator.",
    };

    private readonly Option<bool> noAccessTrace = new("--no-access-trace")
    {
        Description = "Build without the access-trace instrumentation: the rules about the driver's touches of user memory "
            + "(DOUBLE_FETCH, UNPROBED_USER_ACCESS, ...) then cannot be judged for it.",
    };

    private readonly Option<string> compiler = new("--compiler")
    {
        Description = "The clang to run; default: clang-14, else clang, from PATH.",
        HelpName = "PATH",
    };

    private readonly Option<string> root = new("--root")
    {
        Description = "The repository (the folder holding Conformance.sln), for the WDM shim's headers; default: found above the "
            + "current directory or the tool.",
        HelpName = "DIR",
    };

    public BuildDriverCommand()
    {
        Command = new Command("build-driver", "Compile a WDM driver's C sources, unmodified, for the simulator and show what its DriverEntry creates.")
        {
            sources, output, defines, includes, werror, noLoad, noAccessTrace, compiler, root,
        };
    }

    public Command Command { get; }

    public string HelpDetails =>
        """
        Compiles with clang in Microsoft compatibility mode against the simulator's WDM shim (docs/foreign-drivers.md), prints the
        compiler's messages as it prints them (file:line:col) and the clang command line on stderr, then loads the library in a
        SimHost of its own and lists the devices, symbolic links and files DriverEntry created.
        Exit codes: 0 built and DriverEntry succeeded, 1 the compile failed, DriverEntry failed (its NTSTATUS is named) or the
        driver crashed the simulated machine, 2 usage error (no sources, no clang, no repository).
        """;

    public async Task<int> RunAsync(ParseResult parsed, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(console);
        string repository = RepositoryLocator.FindNearCurrentOrTool(parsed.GetValue(root))
            ?? throw new UsageException("no repository here (no Conformance.sln above the current directory or the tool): pass --root, which holds the WDM shim's headers.");
        var request = new DriverBuildRequest
        {
            Sources = parsed.GetValue(sources) ?? [],
            Output = parsed.GetRequiredValue(output),
            ShimInclude = DriverBuildRequest.ShimIncludeIn(repository),
            Defines = parsed.GetValue(defines) ?? [],
            IncludeDirectories = parsed.GetValue(includes) ?? [],
            WarningsAsErrors = parsed.GetValue(werror),
            AccessTrace = !parsed.GetValue(noAccessTrace),
            Compiler = parsed.GetValue(compiler),
        };

        DriverBuildReport report;
        try
        {
            report = await DriverBuild.RunAsync(request, loadCheck: !parsed.GetValue(noLoad), cancellationToken).ConfigureAwait(false);
        }
        catch (DriverBuildException error)
        {
            throw new UsageException(error.Message);
        }

        BuildDriverReportWriter.Write(report, request, console);
        return report.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }
}
