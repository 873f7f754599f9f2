<#
.SYNOPSIS
    Runs the driver conformance suite: locally against the simulator (default), inside the Windows
    test VM, or from a Hyper-V host that drives the test VM.

.DESCRIPTION
    The entry script of the suite. It never judges anything itself: every mode ends in the
    `conformance` command-line tool (src/Conformance/Conformance.Cli), whose exit code it returns.

    Simulator (default; Linux): checks that dotnet, gcc and make are there, builds the CLI (MSBuild
    also builds the simulated kernel and the reference driver), runs `conformance run` on the
    catalog in scenarios/, streams its output and prints where the HTML report is
    (<ResultsPath>/latest/report.html).

    Windows (inside the test VM): the same, with `--target windows`.

    HyperV (from the Hyper-V host; the nightly CI mode): publishes the CLI for win-x64, restores the
    VM's checkpoint, starts the VM, waits for its heartbeat, opens a PowerShell Direct session,
    copies the CLI, the scenarios and the driver package into the guest and runs the suite there.
    When the guest is lost during the run (a bugcheck reboots it, or it stops answering), the
    script waits for it to come back, copies the results and crash dumps written so far, opens a new
    session and continues the same run from its journal (`conformance run --resume <run-dir>`).
    At the end it copies the results into the local results folder and turns the VM off.

    Exit codes: 0 every case passed; 1 a case failed or errored (the CLI's own code); 2 bad
    parameters (here or in the CLI); 3 the suite could not run (missing prerequisites, build
    failure, VM or guest problems). Any other code is passed through from the CLI unchanged.

.PARAMETER Mode
    Simulator (default), Windows or HyperV.

.PARAMETER Filter
    Runs only the cases whose id contains this text, e.g. `ping` or `neither-transform[`.

.PARAMETER DefectVariant
    Runs the catalog against a seeded defect variant of the reference driver
    (driver-under-test/DEFECTS.md); 0 is the clean driver.

.PARAMETER ResultsPath
    Folder for the run folders and `latest` (default: results/ in the repository).

.PARAMETER Configuration
    Build configuration of the CLI: Release (default) or Debug.

.PARAMETER SelfCheck
    Runs `conformance selfcheck` instead of `run`: the catalog against the clean driver and against
    every seeded defect variant; succeeds when the clean driver passes and every variant is caught.
    Simulator mode only.

.PARAMETER NoBuild
    Uses the CLI from the last build instead of building it first.

.PARAMETER Resume
    Simulator and Windows modes: continues a run that stopped (killed, interrupted with Ctrl+C, or its
    machine went down) from the journal in this run folder (results/<run-id>); passed to the CLI as
    `--resume`. Give the same -Filter and -DefectVariant as the first time (docs/journal.md).
    HyperV mode resumes by itself.

.PARAMETER DevicePath
    Windows and HyperV modes: the device the Windows target opens (passed as `--device`; the
    device profile's path is used when omitted).

.PARAMETER VMName
    HyperV mode: name of the test VM on this host.

.PARAMETER CheckpointName
    HyperV mode: the Standard checkpoint (saved with memory state) restored before the run. When
    omitted, the VM is used as it is.

.PARAMETER GuestCredential
    HyperV mode: an administrator of the guest. PowerShell Direct needs explicit credentials.

.PARAMETER GuestWorkingDirectory
    HyperV mode: folder in the guest for the CLI, scenarios, driver package and results
    (default C:\ConformanceSuite).

.PARAMETER DriverPackagePath
    HyperV mode: the built driver package (.sys, .inf, .cat) to test; default
    driver-under-test/build/windows/x64/<Configuration>.

.PARAMETER GuestTimeoutSeconds
    HyperV mode: how long to wait for the guest to answer after a start or a crash (default 600).

.PARAMETER HeartbeatGraceSeconds
    HyperV mode: how long the VM's heartbeat may be lost while the suite runs before the guest is
    treated as hung and reset (default 120).

.PARAMETER MaxGuestRestarts
    HyperV mode: how many times a lost guest is waited for and the run resumed (default 25).

.PARAMETER LoadFunctionsOnly
    Defines the script's functions and returns without running anything (for tests:
    `. ./run-suite.ps1 -LoadFunctionsOnly`). Dot-sourcing the script always behaves like this.

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./run-suite.ps1

    The whole catalog against the reference driver in the simulator; the report is in
    results/latest/report.html.

.EXAMPLE
    dotnet pwsh ./run-suite.ps1 -Filter neither-transform -DefectVariant 2

    The neither-transform cases against seeded defect 2; exits 1 because the suite catches it.

.EXAMPLE
    dotnet pwsh ./run-suite.ps1 -SelfCheck

    Proves the suite still passes the clean driver and catches every seeded defect.

.EXAMPLE
    dotnet pwsh ./run-suite.ps1 -Resume results/20261125-160106-011-simulator

    Finishes a run that was interrupted: cases that returned are judged from its journal, the rest
    are fired, and the reports in that folder cover the whole run.

.EXAMPLE
    $cred = Get-Credential
    ./run-suite.ps1 -Mode HyperV -VMName ConformanceVM -CheckpointName Clean -GuestCredential $cred

    The nightly run: restores the checkpoint, runs the suite in the guest and survives its crashes.
#>
#Requires -Version 7.2
[CmdletBinding(PositionalBinding = $false)]
param(
    [ValidateSet('Simulator', 'Windows', 'HyperV')]
    [string] $Mode = 'Simulator',

    [ValidateNotNullOrEmpty()]
    [string] $Filter,

    [ValidateRange(0, 1000)]
    [int] $DefectVariant,

    [ValidateNotNullOrEmpty()]
    [string] $ResultsPath,

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    [switch] $SelfCheck,

    [switch] $NoBuild,

    [ValidateNotNullOrEmpty()]
    [string] $Resume,

    [ValidateNotNullOrEmpty()]
    [string] $DevicePath,

    [ValidateNotNullOrEmpty()]
    [string] $VMName,

    [ValidateNotNullOrEmpty()]
    [string] $CheckpointName,

    [pscredential] $GuestCredential,

    [ValidateNotNullOrEmpty()]
    [string] $GuestWorkingDirectory = 'C:\ConformanceSuite',

    [ValidateNotNullOrEmpty()]
    [string] $DriverPackagePath,

    [ValidateRange(1, 86400)]
    [int] $GuestTimeoutSeconds = 600,

    [ValidateRange(0, 86400)]
    [int] $HeartbeatGraceSeconds = 120,

    [ValidateRange(0, 1000)]
    [int] $MaxGuestRestarts = 25,

    [switch] $LoadFunctionsOnly
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# A native command's exit code is data here (1 = the suite found a bug), never an exception.
$PSNativeCommandUseErrorActionPreference = $false

# ---------------------------------------------------------------------------------------------
# Shared: parameters, exit codes, the CLI
# ---------------------------------------------------------------------------------------------

function New-ConformanceUsageError {
    <#
    .SYNOPSIS
        An error record for a bad combination of parameters (the script exits 2 on it).
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param([Parameter(Mandatory)] [string] $Message)

    [System.Management.Automation.ErrorRecord]::new(
        [System.ArgumentException]::new($Message), 'ConformanceUsage', 'InvalidArgument', $null)
}

function Assert-ConformanceParameter {
    <#
    .SYNOPSIS
        Checks the combinations of parameters that attributes cannot express; throws a usage error.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Mode,
        [Parameter(Mandatory)] [hashtable] $BoundParameters
    )

    $hyperVOnly = 'VMName', 'CheckpointName', 'GuestCredential', 'GuestWorkingDirectory', 'DriverPackagePath',
        'GuestTimeoutSeconds', 'HeartbeatGraceSeconds', 'MaxGuestRestarts'
    if ($Mode -ne 'HyperV') {
        foreach ($name in $hyperVOnly) {
            if ($BoundParameters.ContainsKey($name)) {
                throw (New-ConformanceUsageError "-$name is used with -Mode HyperV only (the mode is $Mode).")
            }
        }
    }

    if ($Mode -eq 'HyperV' -and $BoundParameters.ContainsKey('Resume')) {
        throw (New-ConformanceUsageError '-Resume is for Simulator and Windows modes: HyperV mode resumes from the journal by itself after each lost guest.')
    }

    if ($Mode -eq 'Simulator' -and $BoundParameters.ContainsKey('DevicePath')) {
        throw (New-ConformanceUsageError '-DevicePath is used with -Mode Windows or -Mode HyperV only.')
    }

    if ($Mode -eq 'HyperV') {
        if (-not $BoundParameters.ContainsKey('VMName')) {
            throw (New-ConformanceUsageError '-Mode HyperV needs -VMName: the name of the test VM on this host (Get-VM lists them).')
        }

        if (-not $BoundParameters.ContainsKey('GuestCredential')) {
            throw (New-ConformanceUsageError '-Mode HyperV needs -GuestCredential: an administrator of the guest (PowerShell Direct needs explicit credentials), e.g. -GuestCredential (Get-Credential).')
        }
    }

    if ($BoundParameters['SelfCheck']) {
        if ($Mode -ne 'Simulator') {
            throw (New-ConformanceUsageError '-SelfCheck runs in Simulator mode only (it needs the seeded defect variants of the reference driver).')
        }

        if ($BoundParameters.ContainsKey('DefectVariant')) {
            throw (New-ConformanceUsageError '-SelfCheck runs every defect variant itself; leave out -DefectVariant.')
        }

        if ($BoundParameters.ContainsKey('Resume')) {
            throw (New-ConformanceUsageError '-SelfCheck starts its runs afresh; -Resume continues one conformance run.')
        }
    }
}

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

function Get-ConformanceCliArgument {
    <#
    .SYNOPSIS
        The argument list of `conformance run` (or `selfcheck`) for the script's parameters.
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
    if ($DevicePath) { $arguments.AddRange([string[]]('--device', $DevicePath)) }
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
        Write-Host "run-suite: building the conformance CLI ($Configuration)"
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

    Write-Host "run-suite: conformance $($Argument -join ' ')"
    $report = $null
    # stdout is streamed through the host line by line; stderr (the progress line) goes straight to the console.
    & dotnet $CliPath @Argument | ForEach-Object {
        Write-Host $_
        if ($_ -match '^reports?: (.+)$') { $report = $Matches[1] }   # run: report.html; selfcheck: its folder
    }
    [pscustomobject]@{ ExitCode = [int]$LASTEXITCODE; Report = $report }
}

function Resolve-ConformanceResultsPath {
    <#
    .SYNOPSIS
        The absolute results folder: -ResultsPath relative to the current folder, else results/.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [string] $ResultsPath
    )

    if (-not $ResultsPath) {
        return (Join-Path $RepositoryRoot 'results')
    }

    $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ResultsPath)
}

function Write-ConformanceReportLocation {
    <#
    .SYNOPSIS
        Tells where the report of the run is: <ResultsPath>/latest/report.html when latest points
        at it, else the path the CLI printed.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $ResultsPath, [string] $CliReport)

    $latest = Join-Path $ResultsPath 'latest/report.html'
    if ($CliReport -and (Test-Path -LiteralPath $latest)) {
        Write-Host "run-suite: report: $latest"
    }
    elseif ($CliReport) {
        Write-Host "run-suite: report: $CliReport"
    }
    else {
        Write-Host 'run-suite: no report was written (the messages above say why).'
    }
}

function Invoke-ConformanceLocalRun {
    <#
    .SYNOPSIS
        Simulator and Windows modes: prerequisites, build, `conformance run|selfcheck`, report
        location; returns the CLI's exit code.
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] [ValidateSet('Simulator', 'Windows')] [string] $Mode,
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [Parameter(Mandatory)] [string] $ResultsPath,
        [Parameter(Mandatory)] [string] $Configuration,
        [string] $Filter,
        [Nullable[int]] $DefectVariant,
        [string] $DevicePath,
        [string] $Resume,
        [switch] $SelfCheck,
        [switch] $NoBuild
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
        -ResultsPath $ResultsPath -Filter $Filter -DefectVariant $DefectVariant `
        -Target ($Mode -eq 'Windows' ? 'windows' : $null) -DevicePath $DevicePath -ResumeRunPath $Resume
    $outcome = Invoke-ConformanceCli -CliPath $cli -Argument $arguments
    $code = $outcome.ExitCode

    if ($SelfCheck) {
        Write-Host ($outcome.Report ? "run-suite: self-check reports: $($outcome.Report)" : 'run-suite: no self-check reports were written (the messages above say why).')
    }
    else {
        Write-ConformanceReportLocation -ResultsPath $ResultsPath -CliReport $outcome.Report
    }

    if ($code -eq 0) {
        Write-Host ($SelfCheck ? 'run-suite: self-check passed: the clean driver passes and every seeded defect is caught.' : 'run-suite: every case passed.')
    }
    elseif ($Mode -eq 'Windows') {
        Write-Host "run-suite: conformance exited with $code (passed through). If it says the target 'windows' is unknown, this build of the CLI has no Windows target yet."
    }
    elseif ($code -eq 1) {
        Write-Host ($SelfCheck ? 'run-suite: self-check failed (exit 1): the table above shows what the clean driver failed or which defect was missed.' : 'run-suite: some cases failed or errored (exit 1); the report has the details.')
    }
    else {
        Write-Host "run-suite: conformance exited with $code (passed through); its messages are above."
    }

    $code
}

# ---------------------------------------------------------------------------------------------
# HyperV mode: the host drives the test VM through the Hyper-V cmdlets and PowerShell Direct
# ---------------------------------------------------------------------------------------------

function Join-ConformanceGuestPath {
    <#
    .SYNOPSIS
        Joins path parts with the guest's separator (the guest is Windows, whatever the host is).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string[]] $ChildPath)

    (@($Path.TrimEnd('\', '/')) + $ChildPath) -join '\'
}

function Assert-ConformanceHyperV {
    <#
    .SYNOPSIS
        Fails clearly when the Hyper-V cmdlets are not available here.
    #>
    [CmdletBinding()]
    param()

    $needed = 'Get-VM', 'Start-VM', 'Stop-VM', 'Wait-VM', 'Restore-VMSnapshot'
    $missing = @($needed | Where-Object { -not (Get-Command -Name $_ -ErrorAction SilentlyContinue) })
    if ($missing.Count -gt 0) {
        throw "-Mode HyperV runs on a Hyper-V host; $($missing -join ', ') not found. On Windows: Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V-Management-PowerShell (as administrator)."
    }
}

function Get-ConformanceVM {
    <#
    .SYNOPSIS
        The test VM, or a clear error when this host has no VM of that name.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $VMName)

    try {
        $vm = Get-VM -Name $VMName -ErrorAction Stop
    }
    catch {
        throw "No Hyper-V VM named '$VMName' on this host (Get-VM lists them; you must be a Hyper-V administrator): $($_.Exception.Message)"
    }

    if (-not $vm) {
        throw "No Hyper-V VM named '$VMName' on this host (Get-VM lists them)."
    }

    $vm
}

function Test-ConformanceGuestHeartbeat {
    <#
    .SYNOPSIS
        True while the VM runs and its heartbeat integration service answers (Heartbeat Ok*).
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [string] $VMName)

    try {
        $vm = Get-VM -Name $VMName -ErrorAction Stop
    }
    catch {
        return $false
    }

    [string]$vm.State -eq 'Running' -and [string]$vm.Heartbeat -like 'Ok*'
}

function Publish-ConformanceCli {
    <#
    .SYNOPSIS
        Publishes the CLI self-contained for win-x64 (the guest needs no .NET) and returns the folder.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [Parameter(Mandatory)] [string] $Configuration
    )

    $output = Join-Path $RepositoryRoot 'artifacts/hyperv/cli'
    $project = Join-Path $RepositoryRoot 'src/Conformance/Conformance.Cli'
    Write-Host "run-suite: publishing the conformance CLI for win-x64 to $output"
    & dotnet publish $project -c $Configuration -r win-x64 --self-contained -o $output --nologo -v minimal | ForEach-Object { Write-Host $_ }
    if ($LASTEXITCODE -ne 0) {
        throw "Publishing the CLI for the guest failed (dotnet publish exited with $LASTEXITCODE); the messages are above."
    }

    $output
}

function Restore-ConformanceCheckpoint {
    <#
    .SYNOPSIS
        Restores the VM's checkpoint (a Standard one, so the guest resumes already booted).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $VMName, [Parameter(Mandatory)] [string] $CheckpointName)

    Write-Host "run-suite: restoring checkpoint '$CheckpointName' of VM '$VMName'"
    try {
        $null = Restore-VMSnapshot -VMName $VMName -Name $CheckpointName -Confirm:$false -ErrorAction Stop
    }
    catch {
        throw "Could not restore checkpoint '$CheckpointName' of VM '$VMName' (Get-VMSnapshot -VMName '$VMName' lists them): $($_.Exception.Message)"
    }
}

function Start-ConformanceVM {
    <#
    .SYNOPSIS
        Starts the VM unless it already runs.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $VMName)

    $vm = Get-ConformanceVM -VMName $VMName
    if ([string]$vm.State -ne 'Running') {
        Write-Host "run-suite: starting VM '$VMName'"
        $null = Start-VM -Name $VMName -ErrorAction Stop
    }
}

function Stop-ConformanceVM {
    <#
    .SYNOPSIS
        Turns the VM off (its checkpoint is restored before the next run, so nothing is lost).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $VMName)

    Write-Host "run-suite: turning VM '$VMName' off"
    try {
        $null = Stop-VM -Name $VMName -TurnOff -Force -Confirm:$false -ErrorAction Stop
    }
    catch {
        Write-Warning "run-suite: could not turn VM '$VMName' off: $($_.Exception.Message)"
    }
}

function Test-ConformanceCredentialError {
    <#
    .SYNOPSIS
        True when a New-PSSession failure is about the logon itself (retrying would not help).
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord)

    $ErrorRecord.Exception.Message -match 'credential is invalid|user name or password|logon failure|access is denied'
}

function Wait-ConformanceGuest {
    <#
    .SYNOPSIS
        Waits until the guest is back (VM running, heartbeat, PowerShell Direct logon) and returns
        a new session. Starts the VM when it is off; resets it first with -Reset (a hung guest).
        Throws after TimeoutSeconds, and at once on bad credentials.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [pscredential] $Credential,
        [int] $TimeoutSeconds = 600,
        [int] $RetrySeconds = 10,
        [switch] $Reset
    )

    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    if ($Reset) {
        Write-Host "run-suite: the guest of '$VMName' stopped answering; resetting the VM"
        $null = Stop-VM -Name $VMName -TurnOff -Force -Confirm:$false -ErrorAction Stop
    }

    Write-Host "run-suite: waiting for the guest of '$VMName' (up to $TimeoutSeconds s)"
    $lastProblem = 'no answer yet'
    while ($true) {
        $remaining = $TimeoutSeconds - $clock.Elapsed.TotalSeconds
        if ($remaining -le 0) {
            throw "The guest of VM '$VMName' did not come back within $TimeoutSeconds s (last problem: $lastProblem). Check the VM console; results copied so far are kept."
        }

        $vm = Get-ConformanceVM -VMName $VMName
        if ([string]$vm.State -in 'Off', 'Saved') {
            # A bugcheck with AutoReboot off, or a reset: boot it again.
            $null = Start-VM -Name $VMName -ErrorAction Stop
        }

        try {
            $null = Wait-VM -Name $VMName -For Heartbeat -Timeout ([int][Math]::Max(1, [Math]::Ceiling([Math]::Min($remaining, 60)))) -ErrorAction Stop
        }
        catch {
            $lastProblem = "no heartbeat: $($_.Exception.Message)"
            Start-Sleep -Seconds $RetrySeconds
            continue
        }

        try {
            $session = New-PSSession -VMName $VMName -Credential $Credential -ErrorAction Stop
            Write-Host "run-suite: the guest answered after $([int]$clock.Elapsed.TotalSeconds) s"
            return $session
        }
        catch {
            if (Test-ConformanceCredentialError -ErrorRecord $_) {
                throw "The guest of VM '$VMName' rejected the logon of '$($Credential.UserName)': $($_.Exception.Message) Pass -GuestCredential of an administrator of the guest (and run as a Hyper-V administrator on the host)."
            }

            # The OS is still booting (PowerShell Direct: "A remote session might have ended").
            $lastProblem = $_.Exception.Message
            Start-Sleep -Seconds $RetrySeconds
        }
    }
}

function Initialize-ConformanceGuest {
    <#
    .SYNOPSIS
        Creates empty cli, scenarios, driver and results folders under the guest working folder.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Session, [Parameter(Mandatory)] [string] $GuestWorkingDirectory)

    $null = Invoke-Command -Session $Session -ErrorAction Stop -ArgumentList $GuestWorkingDirectory -ScriptBlock {
        # guest:initialize
        param($WorkingDirectory)
        foreach ($name in 'cli', 'scenarios', 'driver', 'results') {
            $folder = Join-Path $WorkingDirectory $name
            if (Test-Path -LiteralPath $folder) { Remove-Item -LiteralPath $folder -Recurse -Force }
            $null = New-Item -ItemType Directory -Path $folder -Force
        }
    }
}

function Copy-ConformancePayload {
    <#
    .SYNOPSIS
        Copies the published CLI, the scenarios and the driver package into the guest; returns
        the guest path of the driver package.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] [string] $CliPath,
        [Parameter(Mandatory)] [string] $ScenariosPath,
        [Parameter(Mandatory)] [string] $DriverPackagePath,
        [Parameter(Mandatory)] [string] $GuestWorkingDirectory
    )

    $copies = @(
        @{ What = 'the CLI'; From = $CliPath; To = Join-ConformanceGuestPath $GuestWorkingDirectory 'cli' }
        @{ What = 'the scenarios'; From = $ScenariosPath; To = Join-ConformanceGuestPath $GuestWorkingDirectory 'scenarios' }
        @{ What = 'the driver package'; From = $DriverPackagePath; To = Join-ConformanceGuestPath $GuestWorkingDirectory 'driver' }
    )
    foreach ($copy in $copies) {
        Write-Host "run-suite: copying $($copy.What) to the guest ($($copy.To))"
        $source = (Test-Path -LiteralPath $copy.From -PathType Container) ? (Join-Path $copy.From '*') : $copy.From
        $null = Copy-Item -Path $source -Destination $copy.To -ToSession $Session -Recurse -Force -ErrorAction Stop
    }

    $driverFolder = Join-ConformanceGuestPath $GuestWorkingDirectory 'driver'
    (Test-Path -LiteralPath $DriverPackagePath -PathType Container) ? $driverFolder : (Join-ConformanceGuestPath $driverFolder (Split-Path -Leaf $DriverPackagePath))
}

function Invoke-ConformanceGuestRun {
    <#
    .SYNOPSIS
        Runs the CLI in the guest as a job, streams its output, and watches the VM's heartbeat.
        Returns Completed + ExitCode, or Completed = $false with the reason the guest was lost
        (Hung = $true when it stopped answering rather than rebooting).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [string] $GuestWorkingDirectory,
        [Parameter(Mandatory)] [string[]] $CliArgument,
        [int] $HeartbeatGraceSeconds = 120,
        [int] $PollSeconds = 5
    )

    $job = Invoke-Command -Session $Session -AsJob -ArgumentList $GuestWorkingDirectory, $CliArgument -ScriptBlock {
        # guest:run (Windows PowerShell 5.1 in the guest: no ternaries, no ??)
        param($WorkingDirectory, [string[]]$Arguments)
        $ErrorActionPreference = 'Continue'   # stderr lines of the CLI are output, not errors
        # A run left over from a session that broke without a reboot must not race the resumed one.
        Get-Process -Name conformance -ErrorAction SilentlyContinue | Stop-Process -Force
        Set-Location -LiteralPath $WorkingDirectory
        $exe = Join-Path $WorkingDirectory 'cli\conformance.exe'
        if (-not (Test-Path -LiteralPath $exe)) { throw "The CLI is missing in the guest: $exe" }
        $global:LASTEXITCODE = $null
        & $exe @Arguments 2>&1 | ForEach-Object { "$_" }
        if ($null -eq $LASTEXITCODE) { throw "$exe did not start" }
        [pscustomobject]@{ ConformanceExitCode = $LASTEXITCODE }
    }

    $exitCode = $null
    $problems = [System.Collections.Generic.List[string]]::new()
    $silentFor = $null
    try {
        while ($true) {
            $finished = Wait-Job -Job $job -Timeout $PollSeconds
            $received = $null
            $items = @(Receive-Job -Job $job -ErrorAction SilentlyContinue -ErrorVariable received)
            foreach ($item in $items) {
                if ($null -ne $item -and $item.PSObject.Properties['ConformanceExitCode'] -and $null -ne $item.ConformanceExitCode) {
                    $exitCode = [int]$item.ConformanceExitCode
                }
                else {
                    Write-Host "  guest| $item"
                }
            }

            foreach ($problem in @($received)) {
                if ($problem) { $problems.Add([string]$problem) }
            }

            if ($finished) {
                break
            }

            if (Test-ConformanceGuestHeartbeat -VMName $VMName) {
                $silentFor = $null
            }
            elseif ($null -eq $silentFor) {
                $silentFor = [System.Diagnostics.Stopwatch]::StartNew()
            }
            elseif ($silentFor.Elapsed.TotalSeconds -ge $HeartbeatGraceSeconds) {
                return [pscustomobject]@{ Completed = $false; ExitCode = $null; Hung = $true
                    Reason = "the heartbeat of '$VMName' was lost for $HeartbeatGraceSeconds s while the suite ran" }
            }
        }
    }
    finally {
        Stop-Job -Job $job -ErrorAction SilentlyContinue
        Remove-Job -Job $job -Force -ErrorAction SilentlyContinue
    }

    if ($null -ne $exitCode) {
        return [pscustomobject]@{ Completed = $true; ExitCode = $exitCode; Hung = $false; Reason = $null }
    }

    if ($job.JobStateInfo.Reason) { $problems.Add($job.JobStateInfo.Reason.Message) }
    $reason = $problems.Count -gt 0 ? $problems[-1] : "the job ended in state $($job.JobStateInfo.State)"
    $sessionAlive = [string]$Session.State -eq 'Opened'
    if ($sessionAlive -and (Test-ConformanceGuestHeartbeat -VMName $VMName)) {
        # The guest is fine: the suite itself could not run there. Waiting would not help.
        throw "The suite failed in the guest without an exit code: $reason"
    }

    [pscustomobject]@{ Completed = $false; ExitCode = $null; Hung = $false; Reason = "the session to the guest broke ($reason)" }
}

function Get-ConformanceGuestRunFolder {
    <#
    .SYNOPSIS
        The guest's run folders under its results root (those with a journal), oldest first.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] $Session, [Parameter(Mandatory)] [string] $GuestResultsPath)

    @(Invoke-Command -Session $Session -ErrorAction Stop -ArgumentList $GuestResultsPath -ScriptBlock {
            # guest:run-folders
            param($ResultsRoot)
            Get-ChildItem -LiteralPath $ResultsRoot -Directory -ErrorAction SilentlyContinue |
                Where-Object { $_.Name -ne 'latest' -and (Test-Path -LiteralPath (Join-Path $_.FullName 'journal.txt')) } |
                Sort-Object -Property CreationTimeUtc |
                ForEach-Object { $_.FullName }
        }) | ForEach-Object { [string]$_ }
}

function Set-ConformanceLatestLink {
    <#
    .SYNOPSIS
        Points <ResultsPath>/latest at a run folder (a junction on Windows: no privilege needed).
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)] [string] $ResultsPath, [Parameter(Mandatory)] [string] $RunId)

    $latest = Join-Path $ResultsPath 'latest'
    $target = Join-Path $ResultsPath $RunId
    if (-not $PSCmdlet.ShouldProcess($latest, "point at $RunId")) {
        return
    }

    if (Test-Path -LiteralPath $latest) {
        $item = Get-Item -LiteralPath $latest -Force
        if ($item.LinkType) { $item.Delete() } else { Remove-Item -LiteralPath $latest -Recurse -Force }
    }

    $null = New-Item -ItemType ($IsWindows ? 'Junction' : 'SymbolicLink') -Path $latest -Target $target
}

function Copy-ConformanceResult {
    <#
    .SYNOPSIS
        Copies every run folder of the guest's results root into the local results folder (adding
        to what is there, never deleting) and points latest at the newest; returns the run ids.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] [string] $GuestResultsPath,
        [Parameter(Mandatory)] [string] $ResultsPath
    )

    $null = New-Item -ItemType Directory -Path $ResultsPath -Force
    $runIds = @()
    foreach ($folder in @(Get-ConformanceGuestRunFolder -Session $Session -GuestResultsPath $GuestResultsPath)) {
        $runId = ($folder -split '[\\/]')[-1]
        Write-Host "run-suite: copying results $runId from the guest to $ResultsPath"
        $null = Copy-Item -Path $folder -Destination $ResultsPath -FromSession $Session -Recurse -Force -ErrorAction Stop
        $runIds += $runId
    }

    if ($runIds.Count -gt 0) {
        Set-ConformanceLatestLink -ResultsPath $ResultsPath -RunId $runIds[-1]
    }

    $runIds
}

function Copy-ConformanceCrashDump {
    <#
    .SYNOPSIS
        Moves the guest's crash dumps (MEMORY.DMP, Minidump\*.dmp) into a local folder, so the
        next crash cannot overwrite them; returns the local paths.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] $Session, [Parameter(Mandatory)] [string] $Destination)

    $dumps = @(Invoke-Command -Session $Session -ErrorAction Stop -ScriptBlock {
            # guest:crash-dumps
            $found = @(Join-Path $env:SystemRoot 'MEMORY.DMP')
            $found += @(Get-ChildItem -Path (Join-Path $env:SystemRoot 'Minidump') -Filter '*.dmp' -File -ErrorAction SilentlyContinue | ForEach-Object { $_.FullName })
            $found | Where-Object { Test-Path -LiteralPath $_ }
        })
    if ($dumps.Count -eq 0) {
        return
    }

    $null = New-Item -ItemType Directory -Path $Destination -Force
    foreach ($dump in $dumps) {
        $name = ($dump -split '[\\/]')[-1]
        Write-Host "run-suite: copying crash dump $dump to $Destination"
        $null = Copy-Item -Path $dump -Destination (Join-Path $Destination $name) -FromSession $Session -Force -ErrorAction Stop
        $null = Invoke-Command -Session $Session -ErrorAction Stop -ArgumentList $dump -ScriptBlock {
            # guest:remove-dump
            param($Path)
            Remove-Item -LiteralPath $Path -Force
        }
        Join-Path $Destination $name
    }
}

function Remove-ConformanceSession {
    <#
    .SYNOPSIS
        Closes a PowerShell Direct session, ignoring one that is already broken.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param($Session)

    if ($Session -and $PSCmdlet.ShouldProcess('PowerShell Direct session', 'close')) {
        $null = Remove-PSSession -Session $Session -ErrorAction SilentlyContinue
    }
}

function Save-ConformanceGuestState {
    <#
    .SYNOPSIS
        Copies the results and crash dumps the guest holds now; warns instead of failing, so a
        problem here never hides the run's own outcome. Returns the run ids copied.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] [string] $GuestResultsPath,
        [Parameter(Mandatory)] [string] $ResultsPath,
        [Parameter(Mandatory)] [string] $DumpLabel
    )

    $runIds = @()
    try {
        $runIds = @(Copy-ConformanceResult -Session $Session -GuestResultsPath $GuestResultsPath -ResultsPath $ResultsPath)
    }
    catch {
        Write-Warning "run-suite: could not copy results from the guest: $($_.Exception.Message)"
    }

    try {
        $dumpFolder = $runIds.Count -gt 0 ? (Join-Path $ResultsPath $runIds[-1] 'dumps' $DumpLabel) : (Join-Path $ResultsPath 'dumps' $DumpLabel)
        $null = Copy-ConformanceCrashDump -Session $Session -Destination $dumpFolder
    }
    catch {
        Write-Warning "run-suite: could not copy crash dumps from the guest: $($_.Exception.Message)"
    }

    $runIds
}

function Invoke-ConformanceHyperVRun {
    <#
    .SYNOPSIS
        HyperV mode: restore, start, wait, copy in, run (resuming after every lost guest), copy out,
        turn off. Returns the CLI's exit code of the final, complete run.
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [Parameter(Mandatory)] [string] $ResultsPath,
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [pscredential] $GuestCredential,
        [Parameter(Mandatory)] [string] $CliPublishPath,
        [Parameter(Mandatory)] [string] $DriverPackagePath,
        [string] $CheckpointName,
        [string] $GuestWorkingDirectory = 'C:\ConformanceSuite',
        [string] $Filter,
        [Nullable[int]] $DefectVariant,
        [string] $DevicePath,
        [int] $GuestTimeoutSeconds = 600,
        [int] $HeartbeatGraceSeconds = 120,
        [int] $MaxGuestRestarts = 25,
        [int] $RetrySeconds = 10,
        [int] $PollSeconds = 5
    )

    if (-not (Test-Path -LiteralPath $DriverPackagePath)) {
        throw "No driver package at '$DriverPackagePath': build driver-under-test/windows/ConformanceSample.vcxproj (x64) or pass -DriverPackagePath."
    }

    $null = Get-ConformanceVM -VMName $VMName
    if ($CheckpointName) {
        Restore-ConformanceCheckpoint -VMName $VMName -CheckpointName $CheckpointName
    }
    else {
        Write-Warning "run-suite: no -CheckpointName; VM '$VMName' is used as it is."
    }

    $guestResults = Join-ConformanceGuestPath $GuestWorkingDirectory 'results'
    $session = $null
    try {
        Start-ConformanceVM -VMName $VMName
        $session = Wait-ConformanceGuest -VMName $VMName -Credential $GuestCredential -TimeoutSeconds $GuestTimeoutSeconds -RetrySeconds $RetrySeconds
        Initialize-ConformanceGuest -Session $session -GuestWorkingDirectory $GuestWorkingDirectory
        $guestDriver = Copy-ConformancePayload -Session $session -CliPath $CliPublishPath -ScenariosPath (Join-Path $RepositoryRoot 'scenarios') `
            -DriverPackagePath $DriverPackagePath -GuestWorkingDirectory $GuestWorkingDirectory

        $resumeFrom = $null
        $restarts = 0
        while ($true) {
            $arguments = Get-ConformanceCliArgument -Verb run -RepositoryRoot $GuestWorkingDirectory -Target windows `
                -ScenariosPath (Join-ConformanceGuestPath $GuestWorkingDirectory 'scenarios') -ResultsPath $guestResults `
                -DriverPath $guestDriver -Filter $Filter -DefectVariant $DefectVariant -DevicePath $DevicePath -ResumeRunPath $resumeFrom
            $outcome = Invoke-ConformanceGuestRun -Session $session -VMName $VMName -GuestWorkingDirectory $GuestWorkingDirectory `
                -CliArgument $arguments -HeartbeatGraceSeconds $HeartbeatGraceSeconds -PollSeconds $PollSeconds
            if ($outcome.Completed) {
                Write-Host "run-suite: the suite finished in the guest (exit $($outcome.ExitCode))"
                $null = Save-ConformanceGuestState -Session $session -GuestResultsPath $guestResults -ResultsPath $ResultsPath -DumpLabel 'final'
                $latest = Join-Path $ResultsPath 'latest/report.html'
                Write-Host ((Test-Path -LiteralPath $latest) ? "run-suite: report: $latest" : "run-suite: no report came back from the guest (see $ResultsPath).")
                return $outcome.ExitCode
            }

            $restarts++
            Write-Host "run-suite: lost the guest ($($outcome.Reason)); restart $restarts of at most $MaxGuestRestarts"
            if ($restarts -gt $MaxGuestRestarts) {
                throw "The guest of VM '$VMName' was lost more than $MaxGuestRestarts times; giving up (-MaxGuestRestarts). Results copied so far are in $ResultsPath."
            }

            Remove-ConformanceSession -Session $session
            $session = $null
            $session = Wait-ConformanceGuest -VMName $VMName -Credential $GuestCredential -TimeoutSeconds $GuestTimeoutSeconds `
                -RetrySeconds $RetrySeconds -Reset:$outcome.Hung
            $null = Save-ConformanceGuestState -Session $session -GuestResultsPath $guestResults -ResultsPath $ResultsPath -DumpLabel "restart-$restarts"
            $resumeFrom = @(Get-ConformanceGuestRunFolder -Session $session -GuestResultsPath $guestResults) | Select-Object -Last 1
            if ($resumeFrom) {
                Write-Host "run-suite: resuming the run from its journal ($resumeFrom)"
            }
            else {
                Write-Host 'run-suite: the guest had not written a journal yet; starting the run again'
            }
        }
    }
    catch {
        if ($session -and [string]$session.State -eq 'Opened') {
            $null = Save-ConformanceGuestState -Session $session -GuestResultsPath $guestResults -ResultsPath $ResultsPath -DumpLabel 'on-error'
        }

        throw
    }
    finally {
        Remove-ConformanceSession -Session $session
        Stop-ConformanceVM -VMName $VMName
    }
}

# ---------------------------------------------------------------------------------------------
# Entry
# ---------------------------------------------------------------------------------------------

function Invoke-ConformanceSuite {
    <#
    .SYNOPSIS
        Runs the mode the parameters ask for and returns the exit code of the script.
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [Parameter(Mandatory)] [hashtable] $BoundParameters,
        [System.IO.TextWriter] $ErrorWriter = [Console]::Error
    )

    $p = $BoundParameters
    $mode = $p['Mode'] ?? 'Simulator'
    $configuration = $p['Configuration'] ?? 'Release'
    $variant = $p.ContainsKey('DefectVariant') ? [Nullable[int]]$p['DefectVariant'] : $null
    try {
        Assert-ConformanceParameter -Mode $mode -BoundParameters $p
        $results = Resolve-ConformanceResultsPath -RepositoryRoot $RepositoryRoot -ResultsPath $p['ResultsPath']
        if ($mode -ne 'HyperV') {
            return Invoke-ConformanceLocalRun -Mode $mode -RepositoryRoot $RepositoryRoot -ResultsPath $results -Configuration $configuration `
                -Filter $p['Filter'] -DefectVariant $variant -DevicePath $p['DevicePath'] -Resume $p['Resume'] `
                -SelfCheck:([bool]$p['SelfCheck']) -NoBuild:([bool]$p['NoBuild'])
        }

        Assert-ConformanceHyperV
        $driver = $p['DriverPackagePath'] ?? (Join-Path $RepositoryRoot "driver-under-test/build/windows/x64/$configuration")
        $driver = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($driver)
        $cli = Publish-ConformanceCli -RepositoryRoot $RepositoryRoot -Configuration $configuration
        $hyperV = @{
            RepositoryRoot    = $RepositoryRoot
            ResultsPath       = $results
            VMName            = $p['VMName']
            GuestCredential   = $p['GuestCredential']
            CliPublishPath    = $cli
            DriverPackagePath = $driver
            CheckpointName    = $p['CheckpointName']
            Filter            = $p['Filter']
            DefectVariant     = $variant
            DevicePath        = $p['DevicePath']
        }
        foreach ($name in 'GuestWorkingDirectory', 'GuestTimeoutSeconds', 'HeartbeatGraceSeconds', 'MaxGuestRestarts') {
            if ($p.ContainsKey($name)) { $hyperV[$name] = $p[$name] }
        }

        return Invoke-ConformanceHyperVRun @hyperV
    }
    catch {
        if ($_.FullyQualifiedErrorId -like 'ConformanceUsage*') {
            $ErrorWriter.WriteLine("run-suite: $($_.Exception.Message)")
            $ErrorWriter.WriteLine('run-suite: see Get-Help ./run-suite.ps1 -Full')
            return 2
        }

        $ErrorWriter.WriteLine("run-suite: error: $($_.Exception.Message)")
        return 3
    }
}

if ($LoadFunctionsOnly -or $MyInvocation.InvocationName -eq '.') {
    return
}

exit (Invoke-ConformanceSuite -RepositoryRoot $PSScriptRoot -BoundParameters $PSBoundParameters)
