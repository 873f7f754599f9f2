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
        [string] $ResumeRunPath,
        [switch] $Coverage
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
    if ($Coverage) { $arguments.Add('--coverage') }
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
        # One line per project as it is built (the first build of a fresh clone takes minutes: restore, the
        # simulator's native build, every project), and the compiler's messages; no live console UI in pipes.
        & dotnet build $project -c $Configuration --nologo -v minimal -tl:off -clp:NoSummary | ForEach-Object { Write-Host $_ }
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

    .DESCRIPTION
        The CLI is started as a process of its own, not as a native command of the pipeline, so that
        Ctrl+C (SIGINT to the terminal's process group, which reaches the CLI too) does not stop
        PowerShell before the CLI has journaled its last batch and exited: PowerShell's pipeline stop
        would otherwise end the script with exit code 0 or 1 and cut the CLI's output pipe. On an
        interruption the function waits for the CLI, prints the -Resume command and ends the process
        with the CLI's exit code (130).

    .PARAMETER ResultsPath
        Where the CLI writes its run folders; used to name the interrupted run in the resume hint.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [string] $CliPath,
        [Parameter(Mandatory)] [string[]] $Argument,
        [string] $ResultsPath
    )

    Write-ConformanceLine "conformance $($Argument -join ' ')"
    $started = [DateTime]::UtcNow
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.ArgumentList.Add($CliPath)
    foreach ($item in $Argument) { $start.ArgumentList.Add($item) }
    # stdout is streamed through the host line by line; stderr (the progress line) goes straight to the console.
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $report = $null
    $finished = $false
    try {
        while ($null -ne ($line = $process.StandardOutput.ReadLine())) {
            Write-Host $line
            if ($line -match '^reports?: (.+)$') { $report = $Matches[1] }   # run: report.html; selfcheck: its folder
        }

        $process.WaitForExit()
        # 130: the CLI was interrupted (Ctrl+C reached it, and PowerShell too, whose pipeline stop would end
        # the script with 0 or 1 at its next statement): end here, with the CLI's code.
        $finished = $process.ExitCode -ne 130
        if ($finished) {
            [pscustomobject]@{ ExitCode = $process.ExitCode; Report = $report }
        }
    }
    finally {
        if (-not $finished) {
            # Stopped by Ctrl+C: the CLI got the signal too and is writing its journal; let it finish.
            $process.WaitForExit()
            Write-ConformanceInterruption -ExitCode $process.ExitCode -Argument $Argument -ResultsPath $ResultsPath -Since $started
            [Environment]::Exit($process.ExitCode -eq 0 ? 130 : $process.ExitCode)
        }

        $process.Dispose()
    }
}

function Write-ConformanceInterruption {
    <#
    .SYNOPSIS
        Says that the run was interrupted and how to continue it with run-suite.ps1 -Resume.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [int] $ExitCode,
        [Parameter(Mandatory)] [string[]] $Argument,
        [string] $ResultsPath,
        [Parameter(Mandatory)] [DateTime] $Since
    )

    $resumed = [array]::IndexOf($Argument, '--resume')
    $folder = if ($resumed -ge 0) { $Argument[$resumed + 1] }
    elseif ($ResultsPath -and (Test-Path -LiteralPath $ResultsPath)) {
        Get-ChildItem -LiteralPath $ResultsPath -Directory |
            Where-Object { $_.CreationTimeUtc -ge $Since.AddSeconds(-1) -and (Test-Path -Path (Join-Path $_.FullName 'journal.txt*')) } |
            Sort-Object CreationTimeUtc | Select-Object -Last 1 -ExpandProperty FullName
    }

    $continue = $folder ? "; continue with: dotnet pwsh ./run-suite.ps1 -Resume $folder (and the same options)" : ''
    Write-ConformanceLine "interrupted (conformance exited with $ExitCode)$continue"
}
