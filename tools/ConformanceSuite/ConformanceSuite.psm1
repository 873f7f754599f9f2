# The orchestration behind run-suite.ps1 and prepare-vm.ps1. One file per area; every function
# lives in exactly one of them. The entry scripts only declare parameters and help, and call the
# exported functions (manifest: ConformanceSuite.psd1).

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# A native command's exit code is data here (1 = the suite found a bug), never an exception.
$PSNativeCommandUseErrorActionPreference = $false

# The name that prefixes every status line ("run-suite: ..." or "prepare-vm: ..."); each entry
# function sets it, so shared functions (waiting for the guest, say) speak for the tool that runs.
$script:ConformanceTool = 'run-suite'

foreach ($area in 'Entry', 'Parameters', 'Cli', 'LocalRun', 'Results', 'Payload', 'HyperVHost', 'Guest', 'HyperVRun', 'VmPreparation') {
    . (Join-Path $PSScriptRoot "$area.ps1")
}
