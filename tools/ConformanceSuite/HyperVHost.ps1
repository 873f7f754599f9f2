# The host side of the test VM: the Hyper-V cmdlets. Not yet run on Windows/Hyper-V: every function
# here is tested against mocked cmdlets on Linux (tests/run-suite/HyperVStubs.ps1).

function Assert-ConformanceHyperV {
    <#
    .SYNOPSIS
        Fails clearly when the Hyper-V cmdlets are not available here.
    #>
    [CmdletBinding()]
    param()

    $needed = 'Get-VM', 'Start-VM', 'Stop-VM', 'Wait-VM', 'Restore-VMCheckpoint', 'Checkpoint-VM', 'Get-VMIntegrationService', 'Debug-VM'
    $missing = @($needed | Where-Object { -not (Get-Command -Name $_ -ErrorAction SilentlyContinue) })
    if ($missing.Count -gt 0) {
        throw "This runs on a Hyper-V host; $($missing -join ', ') not found. On Windows: Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V-Management-PowerShell (as administrator)."
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

function Test-ConformanceHeartbeatService {
    <#
    .SYNOPSIS
        True when the VM's Heartbeat integration service is enabled (the host's view of whether the
        guest OS is alive depends on it).
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [string] $VMName)

    $service = Get-VMIntegrationService -VMName $VMName -Name Heartbeat -ErrorAction SilentlyContinue
    [bool]($service -and $service.Enabled)
}

function Assert-ConformanceHeartbeatService {
    <#
    .SYNOPSIS
        Stops a run before it touches the VM when its Heartbeat integration service is disabled:
        without it, a rebooting or hung guest cannot be told from a busy one.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $VMName)

    if (-not (Test-ConformanceHeartbeatService -VMName $VMName)) {
        throw "The Heartbeat integration service of VM '$VMName' is not enabled; the run watches it to see the guest crash or hang. Enable it: Enable-VMIntegrationService -VMName '$VMName' -Name Heartbeat (or run ./prepare-vm.ps1)."
    }
}

function Test-ConformanceGuestHeartbeat {
    <#
    .SYNOPSIS
        True while the VM runs and its heartbeat answers (Heartbeat Ok*).
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

function Stop-ConformanceVM {
    <#
    .SYNOPSIS
        Turns the VM off at once (no guest shutdown) unless it is off already.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $VMName)

    $vm = Get-ConformanceVM -VMName $VMName
    if ([string]$vm.State -ne 'Off') {
        Write-ConformanceLine "turning VM '$VMName' off"
        $null = Stop-VM -Name $VMName -TurnOff -Force -Confirm:$false -ErrorAction Stop
    }
}

function Restore-ConformanceCheckpoint {
    <#
    .SYNOPSIS
        Turns the VM off, then restores its checkpoint (Hyper-V restores only a VM that is off or
        saved; a Standard checkpoint brings the guest back already booted).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $VMName, [Parameter(Mandatory)] [string] $CheckpointName)

    Stop-ConformanceVM -VMName $VMName
    Write-ConformanceLine "restoring checkpoint '$CheckpointName' of VM '$VMName'"
    try {
        $null = Restore-VMCheckpoint -VMName $VMName -Name $CheckpointName -Confirm:$false -ErrorAction Stop
    }
    catch {
        throw "Could not restore checkpoint '$CheckpointName' of VM '$VMName' (Get-VMCheckpoint -VMName '$VMName' lists them): $($_.Exception.Message)"
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
        Write-ConformanceLine "starting VM '$VMName'"
        $null = Start-VM -Name $VMName -ErrorAction Stop
    }
}

function Send-ConformanceNonMaskableInterrupt {
    <#
    .SYNOPSIS
        Injects an NMI into the guest, which bugchecks (0x80) and writes a crash dump when its
        CrashControl NMICrashDump is 1 (prepare-vm.ps1 sets it). The way to get a dump of a guest
        whose driver hangs a call in the kernel.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $VMName)

    Write-ConformanceLine "injecting a non-maskable interrupt into VM '$VMName' for a crash dump"
    $null = Debug-VM -Name $VMName -InjectNonMaskableInterrupt -Force -Confirm:$false -ErrorAction Stop
}
