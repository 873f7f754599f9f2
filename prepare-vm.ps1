<#
.SYNOPSIS
    Prepares the Hyper-V test VM for the conformance suite: checks each setting the suite relies
    on, sets the wrong ones, verifies them, and takes the checkpoint the nightly runs restore.

.DESCRIPTION
    Run it on the Hyper-V host, as a Hyper-V administrator, once per VM (and again whenever in
    doubt: it is idempotent, and a second run changes nothing). Not yet run on Windows/Hyper-V: it
    is tested with mocked cmdlets on Linux (tests/run-suite/VmPreparation.Tests.ps1).

    Each setting is reported as OK (it was right), changed (it was wrong, was set and read back
    right), or FAILED (it could not be set, or still reads wrong):

      host   Secure Boot off            Set-VMFirmware -EnableSecureBoot Off (the VM is shut down first)
      host   2+ virtual processors      Set-VMProcessor -Count (the VM is shut down first)
      host   Heartbeat integration      Enable-VMIntegrationService -Name Heartbeat
      guest  BitLocker suspended        Suspend-BitLocker -RebootCount 0 (before the boot configuration changes)
      guest  test signing on            bcdedit /set testsigning on
      guest  Driver Verifier            verifier /standard /driver <DriverName>.sys
      guest  CrashControl               CrashDumpEnabled=1 (full dump), AutoReboot=1, NMICrashDump=1

    Guest settings that take effect at boot are verified after one reboot of the guest. Last, the
    checkpoint -CheckpointName is taken (Checkpoint-VM), replacing one of that name when something
    changed; it is not taken while a setting is FAILED.

    Exit codes: 0 the VM is ready (every setting OK or changed; with -WhatIf, nothing FAILED);
    1 a setting FAILED; 2 bad parameters; 3 the preparation could not run (no Hyper-V, no such VM,
    the guest did not answer).

.PARAMETER VMName
    Required: the test VM on this host.

.PARAMETER GuestCredential
    Required: an administrator of the guest (PowerShell Direct needs explicit credentials).

.PARAMETER DriverName
    The driver Driver Verifier watches, with or without .sys (default ConformanceSample).

.PARAMETER CheckpointName
    The checkpoint taken at the end; pass the same name to run-suite.ps1 -CheckpointName (default Clean).

.PARAMETER MinimumProcessorCount
    The fewest virtual processors the VM may have (default 2: racer scenarios need a second one).

.PARAMETER GuestTimeoutSeconds
    How long to wait for the guest after a start or a reboot (default 600).

.PARAMETER WhatIf
    Reads every setting and says what would change, changing nothing (a VM that is off is not
    started, so its guest settings are reported as not checked).

.PARAMETER Confirm
    Asks before each change.

.EXAMPLE
    ./prepare-vm.ps1 -VMName ConformanceVM -GuestCredential (Get-Credential) -WhatIf

    Shows which settings are wrong, changing nothing.

.EXAMPLE
    ./prepare-vm.ps1 -VMName ConformanceVM -GuestCredential (Get-Credential) -CheckpointName Clean

    Prepares the VM and takes the checkpoint `run-suite.ps1 -Mode HyperV -CheckpointName Clean` restores.
#>
#Requires -Version 7.2
[CmdletBinding(SupportsShouldProcess, PositionalBinding = $false)]
param(
    # Required, but checked by the module rather than [Parameter(Mandatory)]: a missing one is then a
    # usage error with exit code 2, not a prompt (or PowerShell's exit code 1 when non-interactive).
    [ValidateNotNullOrEmpty()]
    [string] $VMName,

    [pscredential] $GuestCredential,

    [ValidateNotNullOrEmpty()]
    [string] $DriverName = 'ConformanceSample',

    [ValidateNotNullOrEmpty()]
    [string] $CheckpointName = 'Clean',

    [ValidateRange(2, 64)]
    [int] $MinimumProcessorCount = 2,

    [ValidateRange(1, 86400)]
    [int] $GuestTimeoutSeconds = 600
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'tools/ConformanceSuite/ConformanceSuite.psd1') -Force

if ($MyInvocation.InvocationName -eq '.') {
    return
}

# -WhatIf reaches the module only as a bound parameter: the module does not see this script's preferences.
$bound = @{} + $PSBoundParameters
if ($WhatIfPreference) { $bound['WhatIf'] = [switch]$true }
exit (Invoke-ConformanceVmPreparation -BoundParameters $bound)
