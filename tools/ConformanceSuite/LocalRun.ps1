# Simulator and Windows modes: the suite runs on this machine, through the CLI built here.

function Test-ConformancePrerequisite {
    <#
    .SYNOPSIS
        Lists what a mode needs on this machine and is missing, each with the command that fixes it.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $Mode,
        [bool] $OnLinux = $IsLinux
    )

    if (-not (Get-Command -Name dotnet -CommandType Application -ErrorAction SilentlyContinue)) {
        'dotnet was not found on PATH: install the .NET 10 SDK (https://dot.net), then run: dotnet tool restore'
    }

    if ($Mode -eq 'Simulator') {
        if (-not $OnLinux) {
            'Simulator mode runs on Linux (the simulated kernel hosts the driver as a Linux shared library). On Windows use -Mode Windows inside the test VM, -Mode HyperV from the host, or WSL.'
            return
        }

        $missing = @('gcc', 'make' | Where-Object { -not (Get-Command -Name $_ -CommandType Application -ErrorAction SilentlyContinue) })
        if ($missing.Count -gt 0) {
            "$($missing -join ' and ') not found (the simulator's native build needs them). Run: bash tools/install-prerequisites.sh --no-browser"
        }
    }
}

function Write-ConformanceLocalOutcome {
    <#
    .SYNOPSIS
        Says in one line what the CLI's exit code of a local run means.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [int] $ExitCode,
        [Parameter(Mandatory)] [string] $Mode,
        [switch] $SelfCheck
    )

    if ($ExitCode -eq 0) {
        Write-ConformanceLine ($SelfCheck ? 'self-check passed: the clean driver passes and every seeded defect is caught.' : 'every case passed.')
    }
    elseif ($Mode -eq 'Windows' -and $ExitCode -eq 3) {
        # The CLI's watchdog saw a call that never returned; its thread is stuck in the kernel.
        Write-ConformanceLine 'conformance exited with 3 (passed through): a call hung; hang.txt in the run folder names the case. Reset the machine (a crash dump needs an NMI), then continue with -Resume.'
    }
    elseif ($Mode -eq 'Windows') {
        Write-ConformanceLine "conformance exited with $ExitCode (passed through). If it says the target 'windows' is unknown, this build of the CLI has no Windows target yet."
    }
    elseif ($ExitCode -eq 1) {
        Write-ConformanceLine ($SelfCheck ? 'self-check failed (exit 1): the table above shows what the clean driver failed or which defect was missed.' : 'some cases failed or errored (exit 1); the report has the details.')
    }
    else {
        Write-ConformanceLine "conformance exited with $ExitCode (passed through); its messages are above."
    }
}

function Invoke-ConformanceLocalRun {
    <#
    .SYNOPSIS
        Simulator and Windows modes: prerequisites, build, `conformance run|selfcheck`, report
        location; returns the CLI's exit code.

    .DESCRIPTION
        Windows mode (inside the test VM) passes --target windows and the Windows target's options;
        it has not yet run on Windows.

    .PARAMETER Mode
        Simulator or Windows.

    .PARAMETER RepositoryRoot
        The repository: the CLI's --root.

    .PARAMETER ResultsPath
        The results root (absolute).

    .PARAMETER Configuration
        Release or Debug build of the CLI.

    .PARAMETER ScenariosPath
        The scenario catalog (--scenarios); the repository's scenarios/ when empty.

    .PARAMETER Filter
        Runs only the cases whose id contains this text.

    .PARAMETER DefectVariant
        The seeded defect variant of the reference driver.

    .PARAMETER DevicePath
        Windows mode: the device to open (--device-path).

    .PARAMETER DriverPath
        Windows mode: the .sys the CLI installs and starts (--driver).

    .PARAMETER CallTimeoutMs
        Windows mode: the watchdog's budget for one call (--call-timeout-ms).

    .PARAMETER Resume
        A run folder to continue from its journal (--resume).

    .PARAMETER SelfCheck
        Runs `conformance selfcheck` instead of `run`.

    .PARAMETER NoBuild
        Uses the CLI from the last build.

    .PARAMETER Coverage
        Measures the driver's line and branch coverage (--coverage; docs/coverage.md).
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] [ValidateSet('Simulator', 'Windows')] [string] $Mode,
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [Parameter(Mandatory)] [string] $ResultsPath,
        [Parameter(Mandatory)] [string] $Configuration,
        [string] $ScenariosPath,
        [string] $Filter,
        [Nullable[int]] $DefectVariant,
        [string] $DevicePath,
        [string] $DriverPath,
        [Nullable[int]] $CallTimeoutMs,
        [string] $Resume,
        [switch] $SelfCheck,
        [switch] $NoBuild,
        [switch] $Coverage
    )

    $missing = @(Test-ConformancePrerequisite -Mode $Mode)
    if ($missing.Count -gt 0) {
        throw ($missing -join [Environment]::NewLine)
    }

    if ($Mode -eq 'Windows' -and -not $IsWindows) {
        Write-Warning 'run-suite: -Mode Windows is meant for the Windows test VM; this is not Windows.'
    }

    $cli = Build-ConformanceCli -RepositoryRoot $RepositoryRoot -Configuration $Configuration -NoBuild:$NoBuild
    $arguments = Get-ConformanceCliArgument -Verb ($SelfCheck ? 'selfcheck' : 'run') -RepositoryRoot $RepositoryRoot `
        -ResultsPath $ResultsPath -ScenariosPath $ScenariosPath -Filter $Filter -DefectVariant $DefectVariant `
        -Target ($Mode -eq 'Windows' ? 'windows' : $null) -DevicePath $DevicePath -DriverPath $DriverPath `
        -CallTimeoutMs $CallTimeoutMs -ResumeRunPath $Resume -Coverage:$Coverage
    $outcome = Invoke-ConformanceCli -CliPath $cli -Argument $arguments -ResultsPath $ResultsPath

    if ($SelfCheck) {
        Write-ConformanceLine ($outcome.Report ? "self-check reports: $($outcome.Report)" : 'no self-check reports were written (the messages above say why).')
    }
    else {
        Write-ConformanceReportLocation -ResultsPath $ResultsPath -CliReport $outcome.Report
    }

    Write-ConformanceLocalOutcome -ExitCode $outcome.ExitCode -Mode $Mode -SelfCheck:$SelfCheck
    $outcome.ExitCode
}
