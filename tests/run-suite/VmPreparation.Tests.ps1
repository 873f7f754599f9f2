# prepare-vm against a fake host and guest: the Hyper-V cmdlets are stubs (HyperVStubs.ps1), and the
# guest's answers to each setting's read and change script blocks come from a fake guest that keeps
# a stored value (what bcdedit, verifier or the registry hold) apart from the value in effect (what
# this boot started with) where Windows does. Everything else - which setting is read, set, verified,
# when the VM is shut down and the guest rebooted, the report and the exit code - is the module's.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'HyperVStubs.ps1')
    $PSDefaultParameterValues['Mock:ModuleName'] = 'ConformanceSuite'
    $Credential = [pscredential]::new('guest\admin', (ConvertTo-SecureString 'not-a-secret' -AsPlainText -Force))

    function New-FakeVm {
        <# A test VM; -Right makes every setting right already, else each is named wrong with -Wrong. #>
        param([string[]] $Wrong = @(), [switch] $CheckpointExists)

        $isWrong = { param($name) $name -in $Wrong }
        $script:World = [pscustomobject]@{
            Calls          = [System.Collections.Generic.List[string]]::new()
            VmState        = 'Running'
            SecureBoot     = (& $isWrong 'SecureBoot') ? 'On' : 'Off'
            Processors     = (& $isWrong 'Processors') ? 1 : 2
            Heartbeat      = -not (& $isWrong 'Heartbeat')
            BitLocker      = (& $isWrong 'BitLocker') ? 'On' : 'Off'
            TestSigning    = @{ Stored = -not (& $isWrong 'TestSigning'); Effective = -not (& $isWrong 'TestSigning') }
            VerifyDrivers  = (& $isWrong 'Verifier') ? '' : 'ConformanceSample.sys'
            VerifyLevel    = (& $isWrong 'Verifier') ? 0 : 0x209BB
            CrashControl   = @{
                CrashDumpEnabled = (& $isWrong 'CrashDumpEnabled') ? 7 : 1
                AutoReboot       = (& $isWrong 'AutoReboot') ? 0 : 1
                NMICrashDump     = (& $isWrong 'NMICrashDump') ? $null : 1
            }
            CannotSet      = [System.Collections.Generic.List[string]]::new()   # change script blocks that throw
            IgnoredSet     = [System.Collections.Generic.List[string]]::new()   # changes that "succeed" but do nothing
            BootTime       = [datetime]'2026-11-25T01:00:00'
            Checkpoints    = [System.Collections.Generic.List[string]]::new()
        }
        if ($CheckpointExists) { $World.Checkpoints.Add('Clean') }
    }

    function Invoke-FakeGuestScript {
        <# The fake guest's answer to one setting's read or change script block. #>
        param([string] $Name, [object[]] $Argument)

        if ($Name -like 'set-*') {
            if ($Name -in $World.CannotSet) { throw "$Name failed in the guest: The value is protected by Secure Boot policy and cannot be modified or deleted." }
            if ($Name -in $World.IgnoredSet) { return }
        }

        $result = { param($ok, $actual) [pscustomobject]@{ Ok = [bool]$ok; Actual = $actual } }
        switch ($Name) {
            'read-bitlocker' { & $result ($World.BitLocker -eq 'Off') "protection $($World.BitLocker)" }
            'set-bitlocker' { $World.BitLocker = 'Off' }
            'read-testsigning' { & $result $World.TestSigning.Effective "boot options:$($World.TestSigning.Effective ? ' TESTSIGNING' : '')" }
            'set-testsigning' { $World.TestSigning.Stored = $true }
            'read-verifier' { & $result (($World.VerifyDrivers -split ' ') -contains $Argument[0] -and ($World.VerifyLevel -band $Argument[1]) -eq $Argument[1]) "VerifyDrivers '$($World.VerifyDrivers)'" }
            'set-verifier' { $World.VerifyDrivers = $Argument[0]; $World.VerifyLevel = 0x209BB }
            'read-crash-control' { & $result ($World.CrashControl[$Argument[0]] -eq $Argument[1]) "$($Argument[0]) = $($World.CrashControl[$Argument[0]])" }
            'set-crash-control' { $World.CrashControl[$Argument[0]] = $Argument[1] }
            default { throw "unexpected guest script: $Name" }
        }
    }

    function Invoke-Preparation {
        <# Initialize-ConformanceVM on the fake VM with short waits. #>
        param([switch] $WhatIf)
        Initialize-ConformanceVM -VMName ConformanceVM -GuestCredential $Credential -CheckpointName Clean -RetrySeconds 0 -GuestTimeoutSeconds 30 -WhatIf:$WhatIf 6>$null
    }

    function Get-Row {
        <# The result of one setting's row, by a part of its name. #>
        param([object[]] $Rows, [string] $Like)
        @($Rows | Where-Object Setting -Like "*$Like*")[0].Result
    }

    function Get-Change {
        <# The calls that change something (sets, shutdowns, starts, restarts, checkpoints). #>
        @($World.Calls | Where-Object { $_ -match '^(Set-|Enable-|Stop-VM|Start-VM|Invoke:set-|Invoke:restart|Checkpoint-VM|Remove-VMCheckpoint)' })
    }
}

Describe 'Initialize-ConformanceVM' {
    BeforeEach {
        Mock Get-VM { [pscustomobject]@{ Name = 'ConformanceVM'; State = $World.VmState; Heartbeat = 'OkApplicationsHealthy'; Generation = 2 } }
        Mock Get-VMFirmware { [pscustomobject]@{ SecureBoot = $World.SecureBoot } }
        Mock Set-VMFirmware {
            # Hyper-V changes firmware only while the VM is off.
            if ($World.VmState -ne 'Off') { throw 'The operation cannot be performed while the virtual machine is in its current state.' }
            $World.Calls.Add("Set-VMFirmware:$EnableSecureBoot"); $World.SecureBoot = $EnableSecureBoot
        }
        Mock Get-VMProcessor { [pscustomobject]@{ Count = $World.Processors } }
        Mock Set-VMProcessor {
            if ($World.VmState -ne 'Off') { throw 'The operation cannot be performed while the virtual machine is in its current state.' }
            if ('Processors' -in $World.CannotSet) { throw 'The host has only 1 logical processor.' }
            $World.Calls.Add("Set-VMProcessor:$Count"); $World.Processors = $Count
        }
        Mock Get-VMIntegrationService { [pscustomobject]@{ Name = 'Heartbeat'; Enabled = $World.Heartbeat } }
        Mock Enable-VMIntegrationService { $World.Calls.Add('Enable-VMIntegrationService'); $World.Heartbeat = $true }
        Mock Stop-VM { $World.Calls.Add("Stop-VM$($TurnOff ? ':TurnOff' : ':Shutdown')"); $World.VmState = 'Off' }
        Mock Start-VM { $World.Calls.Add('Start-VM'); $World.VmState = 'Running' }
        Mock Wait-VM { }
        Mock Start-Sleep { }
        Mock New-PSSession { [pscustomobject]@{ State = 'Opened' } }
        Mock Remove-PSSession -RemoveParameterType Session { }
        Mock Get-VMCheckpoint { if ($Name -in $World.Checkpoints) { [pscustomobject]@{ Name = $Name } } }
        Mock Remove-VMCheckpoint { $World.Calls.Add('Remove-VMCheckpoint'); $null = $World.Checkpoints.Remove($VMSnapshot.Name) }
        Mock Checkpoint-VM { $World.Calls.Add("Checkpoint-VM:$SnapshotName"); $World.Checkpoints.Add($SnapshotName) }
        Mock Invoke-Command -RemoveParameterType Session {
            $name = [regex]::Match($ScriptBlock.ToString(), '# guest:([a-z-]+)').Groups[1].Value
            switch ($name) {
                'boot-time' { return $World.BootTime }
                'restart' {
                    # The next boot starts with what bcdedit stored.
                    $World.Calls.Add('Invoke:restart')
                    $World.BootTime = $World.BootTime.AddMinutes(5)
                    $World.TestSigning.Effective = $World.TestSigning.Stored
                    return
                }
                default {
                    if ($name -like 'set-*') { $World.Calls.Add("Invoke:$name$($ArgumentList ? ":$($ArgumentList[0])" : '')") }
                    Invoke-FakeGuestScript -Name $name -Argument $ArgumentList
                }
            }
        }
    }

    It 'changes nothing when every setting is already right, and keeps the checkpoint' {
        New-FakeVm -CheckpointExists

        $rows = Invoke-Preparation

        $rows.Count | Should -Be 10
        $rows | Where-Object Result -NE 'OK' | Should -BeNullOrEmpty
        Get-Change | Should -BeNullOrEmpty
    }

    It 'sets and verifies a wrong <Wrong> setting, and only that one' -ForEach @(
        @{ Wrong = 'SecureBoot'; Row = 'Secure Boot'; Changes = 'Stop-VM:Shutdown', 'Set-VMFirmware:Off', 'Start-VM' }
        @{ Wrong = 'Processors'; Row = 'virtual processors'; Changes = 'Stop-VM:Shutdown', 'Set-VMProcessor:2', 'Start-VM' }
        @{ Wrong = 'Heartbeat'; Row = 'Heartbeat'; Changes = @('Enable-VMIntegrationService') }
        @{ Wrong = 'BitLocker'; Row = 'BitLocker'; Changes = @('Invoke:set-bitlocker') }
        @{ Wrong = 'TestSigning'; Row = 'test signing'; Changes = 'Invoke:set-testsigning', 'Invoke:restart' }
        @{ Wrong = 'Verifier'; Row = 'Driver Verifier'; Changes = 'Invoke:set-verifier:ConformanceSample.sys', 'Invoke:restart' }
        @{ Wrong = 'CrashDumpEnabled'; Row = 'CrashDumpEnabled=1'; Changes = 'Invoke:set-crash-control:CrashDumpEnabled', 'Invoke:restart' }
        @{ Wrong = 'AutoReboot'; Row = 'AutoReboot=1'; Changes = 'Invoke:set-crash-control:AutoReboot', 'Invoke:restart' }
        @{ Wrong = 'NMICrashDump'; Row = 'NMICrashDump=1'; Changes = 'Invoke:set-crash-control:NMICrashDump', 'Invoke:restart' }
    ) {
        New-FakeVm -Wrong $Wrong -CheckpointExists

        $rows = Invoke-Preparation

        Get-Row $rows $Row | Should -Be 'changed'
        @($rows | Where-Object { $_.Result -ne 'OK' } | ForEach-Object Setting) | Should -Be @(@($rows | Where-Object Setting -Like "*$Row*")[0].Setting, "checkpoint 'Clean'")
        Get-Row $rows 'checkpoint' | Should -Be 'changed' -Because 'a VM that changed gets a new checkpoint'
        Get-Change | Should -Be (@($Changes) + 'Remove-VMCheckpoint', 'Checkpoint-VM:Clean')
    }

    It 'sets every wrong setting in one go: VM shut down once, guest rebooted once, BitLocker suspended before bcdedit, checkpoint last' {
        New-FakeVm -Wrong SecureBoot, Processors, Heartbeat, BitLocker, TestSigning, Verifier, CrashDumpEnabled, AutoReboot, NMICrashDump

        $rows = Invoke-Preparation

        $rows | Where-Object Result -NE 'changed' | Should -BeNullOrEmpty
        Get-Change | Should -Be @(
            'Stop-VM:Shutdown', 'Set-VMFirmware:Off', 'Set-VMProcessor:2', 'Enable-VMIntegrationService', 'Start-VM',
            'Invoke:set-bitlocker', 'Invoke:set-testsigning', 'Invoke:set-verifier:ConformanceSample.sys',
            'Invoke:set-crash-control:CrashDumpEnabled', 'Invoke:set-crash-control:AutoReboot', 'Invoke:set-crash-control:NMICrashDump',
            'Invoke:restart', 'Checkpoint-VM:Clean')
        (Get-Row $rows 'test signing') | Should -Be 'changed' -Because 'test signing is read from the boot options, so only the reboot makes it right'
    }

    It 'is idempotent: a second run finds everything OK and changes nothing' {
        New-FakeVm -Wrong SecureBoot, TestSigning, NMICrashDump
        $null = Invoke-Preparation
        $World.Calls.Clear()

        $second = Invoke-Preparation

        $second | Where-Object Result -NE 'OK' | Should -BeNullOrEmpty
        Get-Change | Should -BeNullOrEmpty
    }

    It 'reports a setting that cannot be set as FAILED, takes no checkpoint, and prepare-vm exits 1' {
        New-FakeVm -Wrong Processors, TestSigning
        $World.CannotSet.Add('Processors')
        $World.CannotSet.Add('set-testsigning')
        $errors = [System.IO.StringWriter]::new()

        $code = Invoke-ConformanceVmPreparation -BoundParameters @{ VMName = 'ConformanceVM'; GuestCredential = $Credential; RetrySeconds = 0 } -ErrorWriter $errors 6>$null

        $code | Should -Be 1
        $errors.ToString() | Should -Match "prepare-vm: 2 setting\(s\) FAILED: 2\+ virtual processors, test signing on"
        $World.Calls | Should -Not -Contain 'Checkpoint-VM:Clean'
        $World.Calls | Should -Not -Contain 'Invoke:restart' -Because 'nothing waits for a reboot when the only boot-time change failed'
    }

    It 'reports FAILED when a change is accepted but the setting still reads wrong after the reboot' {
        New-FakeVm -Wrong CrashDumpEnabled
        $World.IgnoredSet.Add('set-crash-control')

        $rows = Invoke-Preparation

        $row = @($rows | Where-Object Setting -Like '*CrashDumpEnabled*')[0]
        $row.Result | Should -Be 'FAILED'
        $row.Detail | Should -Match 'still reads: CrashDumpEnabled = 7'
        Get-Row $rows 'checkpoint' | Should -Be 'not taken'
    }

    It 'with -WhatIf reads everything and changes nothing' {
        New-FakeVm -Wrong SecureBoot, Heartbeat, TestSigning

        $rows = Invoke-Preparation -WhatIf

        Get-Row $rows 'Secure Boot' | Should -Be 'would change'
        Get-Row $rows 'Heartbeat' | Should -Be 'would change'
        Get-Row $rows 'test signing' | Should -Be 'would change'
        Get-Row $rows 'BitLocker' | Should -Be 'OK'
        Get-Change | Should -BeNullOrEmpty
    }

    It 'with -WhatIf does not start a VM that is off: its guest settings are not checked' {
        New-FakeVm
        $World.VmState = 'Off'

        $rows = Invoke-Preparation -WhatIf

        Get-Row $rows 'test signing' | Should -Be 'not checked'
        $World.Calls | Should -Not -Contain 'Start-VM'
    }

    It 'exits 3 when the VM does not exist' {
        New-FakeVm
        Mock Get-VM { throw 'Hyper-V was unable to find a virtual machine with name "Nope".' }
        $errors = [System.IO.StringWriter]::new()

        Invoke-ConformanceVmPreparation -BoundParameters @{ VMName = 'Nope'; GuestCredential = $Credential } -ErrorWriter $errors 6>$null | Should -Be 3

        $errors.ToString() | Should -Match "prepare-vm: error: No Hyper-V VM named 'Nope'"
    }
}
