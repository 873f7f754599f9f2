# prepare-vm.ps1: brings the test VM to the state the suite relies on, and says for each setting
# whether it was OK, changed (and verified), or FAILED. Idempotent: a second run changes nothing.
# Not yet run on Windows/Hyper-V: tested with mocked cmdlets on Linux (tests/run-suite/VmPreparation.Tests.ps1).
#
# Each setting is data: Read returns { Ok; Actual }, Change applies it. Host settings run here against
# the Hyper-V cmdlets; guest settings are script blocks sent over PowerShell Direct (Windows PowerShell
# 5.1 there). Guest changes that take effect at boot are verified after one reboot for all of them.

# Driver Verifier's standard flags (verifier /standard): special pool 0x1, IRQL checking 0x2, pool
# tracking 0x8, I/O verification 0x10, deadlock detection 0x20, DMA checking 0x80, security checks
# 0x100, miscellaneous checks 0x800, DDI compliance 0x20000.
$script:VerifierStandardFlags = 0x209BB

function Get-ConformanceVmSetting {
    <#
    .SYNOPSIS
        The settings of the test VM, in the order they are checked: host settings first (the guest
        needs the heartbeat to be reached), then guest settings (BitLocker suspended before the
        boot configuration changes, or the next boot asks for the recovery key).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [string] $DriverName,
        [int] $MinimumProcessorCount = 2
    )

    $driverFile = "$($DriverName -replace '\.sys$', '').sys"   # verifier wants the file name

    [pscustomobject]@{
        Setting = 'Secure Boot off'; Side = 'Host'; NeedsOff = $true; NeedsReboot = $false; Argument = @($VMName)
        # Test-signed drivers do not load under Secure Boot, and bcdedit refuses testsigning with it on.
        Read    = {
            param($VMName)
            $vm = Get-VM -Name $VMName -ErrorAction Stop
            if ($vm.Generation -eq 1) { return [pscustomobject]@{ Ok = $true; Actual = 'generation 1 VM: no Secure Boot' } }
            $state = [string](Get-VMFirmware -VMName $VMName -ErrorAction Stop).SecureBoot
            [pscustomobject]@{ Ok = $state -eq 'Off'; Actual = "Secure Boot $state" }
        }
        Change  = { param($VMName) $null = Set-VMFirmware -VMName $VMName -EnableSecureBoot Off -ErrorAction Stop }
    }
    [pscustomobject]@{
        Setting = "$MinimumProcessorCount+ virtual processors"; Side = 'Host'; NeedsOff = $true; NeedsReboot = $false; Argument = @($VMName, $MinimumProcessorCount)
        # Racer scenarios change a buffer while the driver reads it: that needs a second processor.
        Read    = {
            param($VMName, $Minimum)
            $count = [int](Get-VMProcessor -VMName $VMName -ErrorAction Stop).Count
            [pscustomobject]@{ Ok = $count -ge $Minimum; Actual = "$count virtual processor(s)" }
        }
        Change  = { param($VMName, $Minimum) $null = Set-VMProcessor -VMName $VMName -Count $Minimum -ErrorAction Stop }
    }
    [pscustomobject]@{
        Setting = 'Heartbeat integration service enabled'; Side = 'Host'; NeedsOff = $false; NeedsReboot = $false; Argument = @($VMName)
        Read    = {
            param($VMName)
            $enabled = Test-ConformanceHeartbeatService -VMName $VMName
            [pscustomobject]@{ Ok = $enabled; Actual = $enabled ? 'enabled' : 'disabled' }
        }
        Change  = { param($VMName) $null = Enable-VMIntegrationService -VMName $VMName -Name Heartbeat -ErrorAction Stop }
    }
    [pscustomobject]@{
        Setting = 'BitLocker suspended'; Side = 'Guest'; NeedsOff = $false; NeedsReboot = $false; Argument = @()
        Read    = {
            # guest:read-bitlocker
            if (-not (Get-Command -Name Get-BitLockerVolume -ErrorAction SilentlyContinue)) {
                return [pscustomobject]@{ Ok = $true; Actual = 'BitLocker is not installed' }
            }
            $volume = Get-BitLockerVolume -MountPoint $env:SystemDrive
            [pscustomobject]@{ Ok = ([string]$volume.ProtectionStatus -eq 'Off'); Actual = "protection $($volume.ProtectionStatus)" }
        }
        Change  = {
            # guest:set-bitlocker (until Resume-BitLocker: crashes and resets must not ask for the recovery key)
            $null = Suspend-BitLocker -MountPoint $env:SystemDrive -RebootCount 0
        }
    }
    [pscustomobject]@{
        Setting = 'test signing on'; Side = 'Guest'; NeedsOff = $false; NeedsReboot = $true; Argument = @()
        Read    = {
            # guest:read-testsigning (the options this boot started with, not only what bcdedit stored)
            $options = [string](Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control' -Name SystemStartOptions).SystemStartOptions
            [pscustomobject]@{ Ok = ($options -match 'TESTSIGNING'); Actual = "boot options:$options" }
        }
        Change  = {
            # guest:set-testsigning
            $output = & bcdedit.exe /set testsigning on 2>&1
            if ($LASTEXITCODE -ne 0) { throw "bcdedit /set testsigning on failed: $output" }
        }
    }
    [pscustomobject]@{
        Setting = "Driver Verifier standard flags on $driverFile"; Side = 'Guest'; NeedsOff = $false; NeedsReboot = $true; Argument = @($driverFile, $script:VerifierStandardFlags)
        Read    = {
            # guest:read-verifier (verifier keeps its settings in these two values)
            param($Driver, $Flags)
            $key = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager\Memory Management' -ErrorAction SilentlyContinue
            $drivers = ''
            $level = 0
            if ($key -and $key.PSObject.Properties['VerifyDrivers']) { $drivers = [string]$key.VerifyDrivers }
            if ($key -and $key.PSObject.Properties['VerifyDriverLevel']) { $level = [int]$key.VerifyDriverLevel }
            $listed = @($drivers -split '\s+') -contains $Driver
            [pscustomobject]@{ Ok = ($listed -and (($level -band $Flags) -eq $Flags)); Actual = ("VerifyDrivers '{0}', VerifyDriverLevel 0x{1:X}" -f $drivers, $level) }
        }
        Change  = {
            # guest:set-verifier (the read after the reboot is the check: verifier's exit code is not a plain success flag)
            param($Driver, $Flags)
            $null = & verifier.exe /standard /driver $Driver 2>&1
        }
    }
    foreach ($value in @(
            @{ Name = 'CrashDumpEnabled'; Setting = 'full memory dump (CrashDumpEnabled=1)' }
            @{ Name = 'AutoReboot'; Setting = 'reboot after a bugcheck (AutoReboot=1)' }
            @{ Name = 'NMICrashDump'; Setting = 'crash dump on NMI (NMICrashDump=1)' })) {
        [pscustomobject]@{
            Setting = $value.Setting; Side = 'Guest'; NeedsOff = $false; NeedsReboot = $true; Argument = @($value.Name, 1)
            Read    = {
                # guest:read-crash-control
                param($Name, $Expected)
                $key = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\CrashControl' -ErrorAction SilentlyContinue
                $current = $null
                if ($key -and $key.PSObject.Properties[$Name]) { $current = $key.$Name }
                [pscustomobject]@{ Ok = ($current -eq $Expected); Actual = "$Name = $current" }
            }
            Change  = {
                # guest:set-crash-control
                param($Name, $Expected)
                Set-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\CrashControl' -Name $Name -Value $Expected -Type DWord
            }
        }
    }
}

function Read-ConformanceVmSetting {
    <#
    .SYNOPSIS
        Reads one setting: here for a host setting, in the guest (Session) for a guest setting.
        Returns { Ok; Actual }.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Setting, $Session)

    $argumentList = @($Setting.Argument)
    if ($Setting.Side -eq 'Host') {
        return (& $Setting.Read @argumentList)
    }

    Invoke-Command -Session $Session -ErrorAction Stop -ScriptBlock $Setting.Read -ArgumentList $argumentList
}

function Set-ConformanceVmSetting {
    <#
    .SYNOPSIS
        Applies one setting: here for a host setting, in the guest (Session) for a guest setting.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)] $Setting, $Session)

    if (-not $PSCmdlet.ShouldProcess($Setting.Setting, 'set')) {
        return
    }

    $argumentList = @($Setting.Argument)
    if ($Setting.Side -eq 'Host') {
        $null = & $Setting.Change @argumentList
        return
    }

    $null = Invoke-Command -Session $Session -ErrorAction Stop -ScriptBlock $Setting.Change -ArgumentList $argumentList
}

function New-ConformancePreparationRow {
    <#
    .SYNOPSIS
        One line of the preparation report: the setting, OK / changed / FAILED / would change /
        not checked, and what was found.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [string] $Setting,
        [Parameter(Mandatory)] [string] $Result,
        [string] $Detail
    )

    [pscustomobject]@{ Setting = $Setting; Result = $Result; Detail = $Detail }
}

function Write-ConformancePreparationRow {
    <#
    .SYNOPSIS
        Prints report rows as aligned lines.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Row)

    process {
        Write-ConformanceLine ('{0,-48} {1,-12} {2}' -f $Row.Setting, $Row.Result, $Row.Detail)
    }
}

function Sync-ConformanceVmSetting {
    <#
    .SYNOPSIS
        Reads one setting and, when it is wrong, sets it. Returns a row: OK (it was right), would
        change (-WhatIf), FAILED (setting it threw, or it is still wrong), changed (set and read
        back right), or pending (set; it takes effect at the next boot, so it is read back after it;
        Detail holds what it was).
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)] $Setting, $Session)

    try {
        $state = Read-ConformanceVmSetting -Setting $Setting -Session $Session
    }
    catch {
        return (New-ConformancePreparationRow -Setting $Setting.Setting -Result FAILED -Detail "could not read it: $($_.Exception.Message)")
    }

    if ($state.Ok) {
        return (New-ConformancePreparationRow -Setting $Setting.Setting -Result OK -Detail $state.Actual)
    }

    if (-not $PSCmdlet.ShouldProcess($Setting.Setting, "set (now: $($state.Actual))")) {
        return (New-ConformancePreparationRow -Setting $Setting.Setting -Result 'would change' -Detail "now: $($state.Actual)")
    }

    try {
        Set-ConformanceVmSetting -Setting $Setting -Session $Session
    }
    catch {
        return (New-ConformancePreparationRow -Setting $Setting.Setting -Result FAILED -Detail "could not set it ($($state.Actual)): $($_.Exception.Message)")
    }

    if ($Setting.NeedsReboot) {
        return (New-ConformancePreparationRow -Setting $Setting.Setting -Result pending -Detail $state.Actual)
    }

    Confirm-ConformanceVmSetting -Setting $Setting -Session $Session -Was $state.Actual
}

function Confirm-ConformanceVmSetting {
    <#
    .SYNOPSIS
        Reads a setting back after it was set: changed when it is right now, FAILED when not.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Setting, $Session, [string] $Was)

    try {
        $state = Read-ConformanceVmSetting -Setting $Setting -Session $Session
    }
    catch {
        return (New-ConformancePreparationRow -Setting $Setting.Setting -Result FAILED -Detail "set, but could not read it back: $($_.Exception.Message)")
    }

    if ($state.Ok) {
        return (New-ConformancePreparationRow -Setting $Setting.Setting -Result changed -Detail "$Was -> $($state.Actual)")
    }

    New-ConformancePreparationRow -Setting $Setting.Setting -Result FAILED -Detail "set, but it still reads: $($state.Actual)"
}

function Sync-ConformanceCheckpoint {
    <#
    .SYNOPSIS
        The checkpoint the nightly runs restore: kept when nothing changed and it exists, else
        taken (replacing one of the same name, so restoring by name stays unambiguous). Not taken
        while a setting is FAILED: runs would restore a VM that is not ready.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [string] $CheckpointName,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Row
    )

    $setting = "checkpoint '$CheckpointName'"
    if (@($Row | Where-Object Result -EQ 'FAILED').Count -gt 0) {
        return (New-ConformancePreparationRow -Setting $setting -Result 'not taken' -Detail 'a setting FAILED')
    }

    $existing = @(Get-VMCheckpoint -VMName $VMName -Name $CheckpointName -ErrorAction SilentlyContinue)
    $changed = @($Row | Where-Object Result -In 'changed', 'would change').Count -gt 0
    if ($existing.Count -gt 0 -and -not $changed) {
        return (New-ConformancePreparationRow -Setting $setting -Result OK -Detail 'exists; nothing changed since')
    }

    $action = $existing.Count -gt 0 ? 'replace' : 'take'
    if (-not $PSCmdlet.ShouldProcess("VM '$VMName'", "$action checkpoint '$CheckpointName'")) {
        return (New-ConformancePreparationRow -Setting $setting -Result 'would change' -Detail "would $action it")
    }

    try {
        if ($existing.Count -gt 0) {
            $null = $existing | Remove-VMCheckpoint -Confirm:$false -ErrorAction Stop
        }

        $null = Checkpoint-VM -Name $VMName -SnapshotName $CheckpointName -ErrorAction Stop
    }
    catch {
        return (New-ConformancePreparationRow -Setting $setting -Result FAILED -Detail "could not $action it: $($_.Exception.Message)")
    }

    if (@(Get-VMCheckpoint -VMName $VMName -Name $CheckpointName -ErrorAction SilentlyContinue).Count -ne 1) {
        return (New-ConformancePreparationRow -Setting $setting -Result FAILED -Detail 'Checkpoint-VM returned, but the checkpoint is not listed')
    }

    New-ConformancePreparationRow -Setting $setting -Result changed -Detail ($existing.Count -gt 0 ? 'replaced' : 'taken')
}

function Sync-ConformanceHostSetting {
    <#
    .SYNOPSIS
        The host settings: shuts the guest down first when a setting that needs the VM off is wrong
        (Secure Boot and processors change only then), then syncs each. Returns rows.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)] [string] $VMName, [Parameter(Mandatory)] [object[]] $Setting)

    $needOff = @($Setting | Where-Object { $_.NeedsOff -and -not (Read-ConformanceVmSetting -Setting $_).Ok })
    $vm = Get-ConformanceVM -VMName $VMName
    if ($needOff.Count -gt 0 -and [string]$vm.State -ne 'Off' -and $PSCmdlet.ShouldProcess("VM '$VMName'", 'shut down (to change its firmware or processors)')) {
        Write-ConformanceLine "shutting VM '$VMName' down: $(($needOff | ForEach-Object Setting) -join ', ') can only change while it is off"
        $null = Stop-VM -Name $VMName -Force -Confirm:$false -ErrorAction Stop
    }

    foreach ($one in $Setting) {
        Sync-ConformanceVmSetting -Setting $one
    }
}

function Sync-ConformanceGuestSetting {
    <#
    .SYNOPSIS
        The guest settings: syncs each, reboots the guest once if any change takes effect at boot,
        then reads those back. Returns the rows and the connection (new after a reboot).
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory)] $Connection,
        [Parameter(Mandatory)] [object[]] $Setting,
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [pscredential] $Credential,
        [int] $TimeoutSeconds = 600,
        [int] $RetrySeconds = 10
    )

    $rows = @(foreach ($one in $Setting) { Sync-ConformanceVmSetting -Setting $one -Session $Connection.Session })
    $pending = @(for ($i = 0; $i -lt $rows.Count; $i++) { if ($rows[$i].Result -eq 'pending') { $i } })
    if ($pending.Count -gt 0) {
        Write-ConformanceLine "$($pending.Count) setting(s) take effect at the next boot"
        $Connection = Restart-ConformanceGuest -Connection $Connection -VMName $VMName -Credential $Credential -TimeoutSeconds $TimeoutSeconds -RetrySeconds $RetrySeconds
        foreach ($i in $pending) {
            $rows[$i] = Confirm-ConformanceVmSetting -Setting $Setting[$i] -Session $Connection.Session -Was $rows[$i].Detail
        }
    }

    [pscustomobject]@{ Rows = $rows; Connection = $Connection }
}

function Initialize-ConformanceVM {
    <#
    .SYNOPSIS
        Prepares the Hyper-V test VM for the suite and returns one row per setting (Setting,
        Result: OK / changed / FAILED / would change / not checked, Detail).

    .DESCRIPTION
        Not yet run on Windows/Hyper-V: tested with mocked cmdlets on Linux.
        Host: Secure Boot off, MinimumProcessorCount+ virtual processors (both only while the VM is
        off: it is shut down first when one of them is wrong), the Heartbeat integration service
        enabled. Guest, over PowerShell Direct: BitLocker suspended, test signing on, Driver Verifier
        standard flags on the driver, CrashControl CrashDumpEnabled=1, AutoReboot=1, NMICrashDump=1;
        one reboot verifies the settings that take effect at boot. Last, the checkpoint the nightly
        runs restore. Idempotent. With -WhatIf it only reads (a VM that is off is not started, so
        its guest settings are "not checked").

    .PARAMETER VMName
        The test VM.

    .PARAMETER GuestCredential
        An administrator of the guest.

    .PARAMETER DriverName
        The driver Driver Verifier watches (with or without .sys).

    .PARAMETER CheckpointName
        The checkpoint taken at the end.

    .PARAMETER MinimumProcessorCount
        The fewest virtual processors the VM may have.

    .PARAMETER GuestTimeoutSeconds
        How long to wait for the guest after a start or reboot.

    .PARAMETER RetrySeconds
        Pause between attempts while waiting.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [pscredential] $GuestCredential,
        [string] $DriverName = 'ConformanceSample',
        [string] $CheckpointName = 'Clean',
        [ValidateRange(2, 64)] [int] $MinimumProcessorCount = 2,
        [int] $GuestTimeoutSeconds = 600,
        [int] $RetrySeconds = 10
    )

    $script:ConformanceTool = 'prepare-vm'
    $settings = @(Get-ConformanceVmSetting -VMName $VMName -DriverName $DriverName -MinimumProcessorCount $MinimumProcessorCount)
    $null = Get-ConformanceVM -VMName $VMName
    $rows = [System.Collections.Generic.List[object]]::new()
    $rows.AddRange(@(Sync-ConformanceHostSetting -VMName $VMName -Setting @($settings | Where-Object Side -EQ 'Host')))

    $guestSettings = @($settings | Where-Object Side -EQ 'Guest')
    $vm = Get-ConformanceVM -VMName $VMName
    $connection = $null
    try {
        if ([string]$vm.State -ne 'Running' -and -not $PSCmdlet.ShouldProcess("VM '$VMName'", 'start (to read the guest settings)')) {
            $rows.AddRange(@($guestSettings | ForEach-Object { New-ConformancePreparationRow -Setting $_.Setting -Result 'not checked' -Detail 'the VM is off (-WhatIf does not start it)' }))
        }
        else {
            Start-ConformanceVM -VMName $VMName
            $connection = Connect-ConformanceGuest -VMName $VMName -Credential $GuestCredential -TimeoutSeconds $GuestTimeoutSeconds -RetrySeconds $RetrySeconds
            $guest = Sync-ConformanceGuestSetting -Connection $connection -Setting $guestSettings -VMName $VMName -Credential $GuestCredential `
                -TimeoutSeconds $GuestTimeoutSeconds -RetrySeconds $RetrySeconds
            $connection = $guest.Connection
            $rows.AddRange(@($guest.Rows))
        }
    }
    finally {
        Disconnect-ConformanceGuest -Connection $connection
    }

    $rows.Add((Sync-ConformanceCheckpoint -VMName $VMName -CheckpointName $CheckpointName -Row $rows.ToArray()))
    $rows | Write-ConformancePreparationRow
    $rows.ToArray()
}
