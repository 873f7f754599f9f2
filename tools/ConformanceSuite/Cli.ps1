# The `conformance` command-line tool: its argument list, building it for this machine, publishing it
# for the Windows guest, and running it here with its output streamed.

function Get-ConformanceCliArgument {
    <#
    .SYNOPSIS
        The argument list of `conformance run` (or `selfcheck`) for the given options; only what
        was given is passed.
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param(
        [ValidateSet('run', 'selfcheck')] [string] $Verb = 'run',
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [string] $ResultsPath,
        [string] $ScenariosPath,
        [string] $DriverPath,
        [string] $Filter,
        [Nullable[int]] $DefectVariant,
        [string] $Target,
        [string] $DevicePath,
        [Nullable[int]] $CallTimeoutMs,
        [string] $ResumeRunPath
    )

    $arguments = [System.Collections.Generic.List[string]]::new()
    $arguments.Add($Verb)
    $arguments.AddRange([string[]]('--root', $RepositoryRoot))
    if ($ScenariosPath) { $arguments.AddRange([string[]]('--scenarios', $ScenariosPath)) }
    if ($ResultsPath) { $arguments.AddRange([string[]]('--results', $ResultsPath)) }
    if ($DriverPath) { $arguments.AddRange([string[]]('--driver', $DriverPath)) }
    if ($Filter) { $arguments.AddRange([string[]]('--filter', $Filter)) }
    if ($null -ne $DefectVariant) { $arguments.AddRange([string[]]('--defect-variant', [string]$DefectVariant)) }
    if ($Target) { $arguments.AddRange([string[]]('--target', $Target)) }
    if ($DevicePath) { $arguments.AddRange([string[]]('--device-path', $DevicePath)) }
    if ($null -ne $CallTimeoutMs) { $arguments.AddRange([string[]]('--call-timeout-ms', [string]$CallTimeoutMs)) }
    if ($ResumeRunPath) { $arguments.AddRange([string[]]('--resume', $ResumeRunPath)) }
    $arguments.ToArray()
}

function Build-ConformanceCli {
    <#
    .SYNOPSIS
        Builds the conformance CLI (and, through MSBuild, SimHost, the simulated kernel and the
        reference driver) and returns the path of conformance.dll.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [Parameter(Mandatory)] [string] $Configuration,
        [switch] $NoBuild
    )

    $project = Join-Path $RepositoryRoot 'src/Conformance/Conformance.Cli'
    if (-not $NoBuild) {
        Write-ConformanceLine "building the conformance CLI ($Configuration)"
        & dotnet build $project -c $Configuration --nologo -v quiet | ForEach-Object { Write-Host $_ }
        if ($LASTEXITCODE -ne 0) {
            throw "The build failed (dotnet build exited with $LASTEXITCODE); the compiler's messages are above."
        }
    }

    $built = Get-ChildItem -Path (Join-Path $project "bin/$Configuration/*/conformance.dll") -File -ErrorAction SilentlyContinue |
        Sort-Object -Property LastWriteTimeUtc -Descending |
        Select-Object -First 1
    if (-not $built) {
        throw "No conformance.dll under $project/bin/$Configuration; build it first (leave out -NoBuild)."
    }

    $built.FullName
}

function Publish-ConformanceCli {
    <#
    .SYNOPSIS
        Publishes the CLI self-contained for win-x64 (the guest needs no .NET) into
        artifacts/hyperv/cli and returns that folder.

    .DESCRIPTION
        Runs the one publish command of the Windows CLI, from the repository root:
        dotnet publish src/Conformance/Conformance.Cli -c Release -r win-x64 --self-contained -o <dir>
        (win-x64 publishes leave the simulator's SimHost and native build out). Always Release: that
        is what the guest runs, whatever -Configuration built locally. The folder is emptied first,
        so no file of an older publish reaches the guest.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string] $RepositoryRoot)

    $output = Join-Path $RepositoryRoot 'artifacts/hyperv/cli'
    if (Test-Path -LiteralPath $output) { Remove-Item -LiteralPath $output -Recurse -Force }
    Write-ConformanceLine "publishing the conformance CLI for win-x64 to $output"
    Push-Location -LiteralPath $RepositoryRoot
    try {
        & dotnet publish src/Conformance/Conformance.Cli -c Release -r win-x64 --self-contained -o $output | ForEach-Object { Write-Host $_ }
        $code = $LASTEXITCODE
    }
    finally {
        Pop-Location
    }

    if ($code -ne 0) {
        throw "Publishing the CLI for the guest failed (dotnet publish exited with $code); the messages are above."
    }

    $output
}

function Invoke-ConformanceCli {
    <#
    .SYNOPSIS
        Runs `dotnet conformance.dll <arguments>`, streams its output line by line and returns its
        exit code and the report path it printed (if any).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [string] $CliPath,
        [Parameter(Mandatory)] [string[]] $Argument
    )

    Write-ConformanceLine "conformance $($Argument -join ' ')"
    $report = $null
    # stdout is streamed through the host line by line; stderr (the progress line) goes straight to the console.
    & dotnet $CliPath @Argument | ForEach-Object {
        Write-Host $_
        if ($_ -match '^reports?: (.+)$') { $report = $Matches[1] }   # run: report.html; selfcheck: its folder
    }
    [pscustomobject]@{ ExitCode = [int]$LASTEXITCODE; Report = $report }
}
