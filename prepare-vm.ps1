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
    1 a setting FAILED; 2 a usage error (a required parameter missing, an unknown parameter, a value
    that is not allowed), told in one line "prepare-vm: <what is wrong and the fix>" on standard
    error; 3 the preparation could not run (no Hyper-V, no such VM,
    the guest did not answer).

.PARAMETER VMName
    Required: the test VM on this host.

.PARAMETER GuestCredential
    Required: an administrator of the guest, as a credential object, e.g.
    -GuestCredential (Get-Credential Administrator) (PowerShell Direct needs explicit credentials).

.PARAMETER DriverName
    The driver Driver Verifier watches, with or without .sys (default ConformanceSample).

.PARAMETER CheckpointName
    The checkpoint taken at the end; pass the same name to run-suite.ps1 -CheckpointName (default Clean).

.PARAMETER MinimumProcessorCount
    The fewest virtual processors the VM may have: 2 to 64 (default 2: racer scenarios need a
    second one).

.PARAMETER GuestTimeoutSeconds
    How long to wait for the guest after a start or a reboot: 1 to 86400 seconds (default 600).

.PARAMETER UnknownArgument
    Not one to give: it collects whatever matches no parameter (a misspelt name, a value without a
    name), so that the script can answer it with one line and exit code 2 instead of PowerShell's
    own error.

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
# The parameters are declared loosely (strings, no Validate* attributes, a catch-all for the rest) and
# checked by the module (tools/ConformanceSuite/Parameters.ps1): PowerShell's own checks run before
# this script and answer with exit code 1 and a multi-line error; the module's with one line and
# exit code 2. Required ones are checked there too rather than by [Parameter(Mandatory)], which
# prompts (or fails with exit code 1 when non-interactive).
[CmdletBinding(SupportsShouldProcess, PositionalBinding = $false)]
param(
    [string] $VMName,

    # A credential object; a plain string (a user name) is answered with a usage error, not a prompt.
    [object] $GuestCredential,

    [string] $DriverName = 'ConformanceSample',

    [string] $CheckpointName = 'Clean',

    [string] $MinimumProcessorCount = '2',

    [string] $GuestTimeoutSeconds = '600',

    [Parameter(ValueFromRemainingArguments)]
    [object[]] $UnknownArgument
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
