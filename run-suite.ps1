<#
.SYNOPSIS
    Runs the driver conformance suite: locally against the simulator (default), inside the Windows
    test VM, or from a Hyper-V host that drives the test VM.

.DESCRIPTION
    The entry script of the suite. It never judges anything itself: every mode ends in the
    `conformance` command-line tool (src/Conformance/Conformance.Cli), whose exit code it returns.
    The work is done by the ConformanceSuite module (tools/ConformanceSuite); this script only
    declares the parameters and calls Invoke-ConformanceSuite.

    Simulator (default; Linux): checks that dotnet, gcc and make are there, builds the CLI (MSBuild
    also builds the simulated kernel and the reference driver), runs `conformance run` on the
    catalog in scenarios/, streams its output and prints where the HTML report is
    (<ResultsPath>/latest/report.html).

    Windows (inside the test VM): the same, with `--target windows` and the Windows target's
    options (-DriverPath, -DevicePath, -CallTimeoutMs). Not yet run on Windows.

    HyperV (from the Hyper-V host; the nightly CI mode; not yet run on Windows/Hyper-V, tested with
    mocked cmdlets on Linux): publishes the CLI for win-x64 (dotnet publish
    src/Conformance/Conformance.Cli -c Release -r win-x64 --self-contained), zips it with the
    scenarios and the driver's .sys, checks that the VM's Heartbeat integration service is enabled,
    turns the VM off and restores its checkpoint, starts it, copies the zip into the guest over
    PowerShell Direct and expands it there, and runs `conformance run --target windows --driver ...`
    in the guest. When the guest crashes (it reboots: the session breaks, the heartbeat is lost, its
    boot time changes) the script waits for it, waits for the System log's BugCheck event 1001 (the
    dump is saved then), copies the results and C:\Windows\MEMORY.DMP out, and continues the same
    run with `--resume`. When a call hangs (the CLI exits 3, or writes hang.txt while it is stuck) it
    copies the results, injects an NMI (Debug-VM) so the guest bugchecks and writes a dump, and
    recovers the same way. At the end it copies the results into the local results folder and turns
    the VM off. Prepare the VM once with ./prepare-vm.ps1; docs/windows.md has the nightly pipeline.

    Exit codes: 0 every case passed; 1 a case failed or errored (the CLI's own code); 2 a usage
    error, here or in the CLI: an unknown parameter, a value that is not allowed, or parameters that
    do not go together, told in one line "run-suite: <what is wrong and the fix>" on standard error
    (PowerShell's own exit code 1 remains for a parameter name at the end without its value, and
    for an abbreviation that fits several parameters); 3 the suite could not run (missing prerequisites, build
    failure, VM or guest problems); 130 interrupted. Any other code is passed through from the CLI
    unchanged (in Windows mode the CLI's 3 means a call hung: hang.txt in the run folder names it).

.PARAMETER Mode
    Simulator (default), Windows or HyperV.

.PARAMETER Filter
    Runs only the cases whose id contains this text, e.g. `ping` or `neither-transform[`.

.PARAMETER DefectVariant
    Runs the catalog against a seeded defect variant of the reference driver
    (driver-under-test/DEFECTS.md): a whole number from 0 to 1000; 0 is the clean driver. On Windows the CLI writes it as the
    service's DefectVariant registry value.

.PARAMETER ResultsPath
    Folder for the run folders and `latest` (default: results/ in the repository).

.PARAMETER ScenariosPath
    Scenario catalog to run (default: scenarios/ in the repository): a folder with devices/ and the
    scenario files, e.g. your own driver's catalog. Simulator and Windows modes.

.PARAMETER Configuration
    Build configuration of the CLI: Release (default) or Debug. HyperV mode always publishes
    Release for the guest; there -Configuration only picks the default -DriverPath.

.PARAMETER SelfCheck
    Runs `conformance selfcheck` instead of `run`: the catalog against the clean driver and against
    every seeded defect variant; succeeds when the clean driver passes and every variant is caught.
    Simulator mode only.

.PARAMETER NoBuild
    Uses the CLI from the last build instead of building it first.

.PARAMETER Coverage
    Simulator mode: measures the driver's line and branch coverage (`conformance run --coverage`): a
    coverage build of the driver runs the catalog, and the report shows which lines and branches of the
    driver's own sources ran (docs/coverage.md).

.PARAMETER Resume
    Simulator and Windows modes: continues a run that stopped (killed, interrupted with Ctrl+C, or its
    machine went down) from the journal in this run folder (results/<run-id>); passed to the CLI as
    `--resume`. Give the same -Filter and -DefectVariant as the first time (docs/journal.md).
    HyperV mode resumes by itself.

.PARAMETER DevicePath
    Windows and HyperV modes: the device the Windows target opens, e.g. \\.\ConformanceSample
    (passed as `--device-path`; the device profile's path is used when omitted).

.PARAMETER DriverPath
    Windows and HyperV modes: the driver's .sys, which the CLI installs as a service and starts
    (passed as `--driver`). HyperV default: driver-under-test/build/windows/x64/<Configuration>/ConformanceSample.sys.
    Windows mode without it opens a driver that is already loaded.

.PARAMETER CallTimeoutMs
    Windows and HyperV modes: how long one call may take before the CLI's watchdog calls it hung
    (passed as `--call-timeout-ms`; the CLI's default when omitted): 1 to 86400000 milliseconds.

.PARAMETER VMName
    HyperV mode: name of the test VM on this host.

.PARAMETER CheckpointName
    HyperV mode: the checkpoint restored (after turning the VM off) before the run; prepare-vm.ps1
    takes it. When omitted, the VM is used as it is.

.PARAMETER GuestCredential
    HyperV mode: an administrator of the guest, as a credential object, e.g.
    -GuestCredential (Get-Credential Administrator). PowerShell Direct needs explicit credentials.

.PARAMETER GuestWorkingDirectory
    HyperV mode: folder in the guest for the CLI, scenarios, driver and results; the CLI's --root
    there (default C:\ConformanceSuite).

.PARAMETER GuestTimeoutSeconds
    HyperV mode: how long to wait for the guest to answer after a start, a crash or an NMI:
    1 to 86400 seconds (default 600).

.PARAMETER HeartbeatGraceSeconds
    HyperV mode: how long the VM's heartbeat may be lost while the suite runs before the guest is
    treated as lost: 0 to 86400 seconds (default 120).

.PARAMETER BugCheckTimeoutSeconds
    HyperV mode: after a crash, how long to wait for the BugCheck event 1001 (written once the dump
    is saved) before fetching the dump anyway: 0 to 86400 seconds (default 600).

.PARAMETER MaxGuestRestarts
    HyperV mode: how many crashes, hangs and lost sessions are recovered (each followed by a
    resume) before the script gives up: 0 to 1000 (default 25).

.PARAMETER UnknownArgument
    Not one to give: it collects whatever matches no parameter (a misspelt name, a value without a
    name), so that the script can answer it with one line and exit code 2 instead of PowerShell's
    own error.

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

    The nightly run (not yet run on Hyper-V): restores the checkpoint, runs the suite in the guest
    and survives its crashes and hangs.
#>
#Requires -Version 7.2
# The parameters are declared loosely (strings, no Validate* attributes, a catch-all for the rest):
# PowerShell checks attributes before this script runs and answers a bad value with exit code 1 and
# a multi-line error. The module checks them instead (tools/ConformanceSuite/Parameters.ps1), so that
# every usage error is one line and exit code 2. [ArgumentCompletions] keeps tab completion.
[CmdletBinding(PositionalBinding = $false)]
param(
    [ArgumentCompletions('Simulator', 'Windows', 'HyperV')]
    [string] $Mode = 'Simulator',

    [string] $Filter,

    [string] $DefectVariant,

    [string] $ResultsPath,

    [string] $ScenariosPath,

    [ArgumentCompletions('Release', 'Debug')]
    [string] $Configuration = 'Release',

    [switch] $SelfCheck,

    [switch] $NoBuild,

    [switch] $Coverage,

    [string] $Resume,

    [string] $DevicePath,

    [string] $DriverPath,

    [string] $CallTimeoutMs,

    [string] $VMName,

    [string] $CheckpointName,

    # A credential object; a plain string (a user name) is answered with a usage error, not a prompt.
    [object] $GuestCredential,

    [string] $GuestWorkingDirectory = 'C:\ConformanceSuite',

    [string] $GuestTimeoutSeconds = '600',

    [string] $HeartbeatGraceSeconds = '120',

    [string] $BugCheckTimeoutSeconds = '600',

    [string] $MaxGuestRestarts = '25',

    [Parameter(ValueFromRemainingArguments)]
    [object[]] $UnknownArgument
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'tools/ConformanceSuite/ConformanceSuite.psd1') -Force

# Dot-sourced: the module is loaded, nothing runs (and `exit` does not close the caller's shell).
if ($MyInvocation.InvocationName -eq '.') {
    return
}

exit (Invoke-ConformanceSuite -RepositoryRoot $PSScriptRoot -BoundParameters $PSBoundParameters)
