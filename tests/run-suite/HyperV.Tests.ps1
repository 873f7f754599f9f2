# HyperV mode against a fake host: the Hyper-V cmdlets are stubs (HyperVStubs.ps1) and the
# PowerShell Direct pieces (New-PSSession, Invoke-Command, Copy-Item -ToSession/-FromSession,
# Remove-PSSession) are mocked by a fake guest with a boot time, a System log, crash dumps and the
# CLI's hang marker. The suite "runs" in the guest as a real thread job that streams lines and then
# reports an exit code, breaks like a session to a guest that bugchecked, or hangs.
# Everything else - the order of the steps, the payload zip, the waiting, the resume, copying
# results and dumps into a real local folder - is the module's own code.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'HyperVStubs.ps1')
    $PSDefaultParameterValues['Mock:ModuleName'] = 'ConformanceSuite'

    $GuestRun = 'C:\ConformanceSuite\results\20261125-010203-000-windows'
    $RunId = '20261125-010203-000-windows'
    $HungCase = 'conformance-sample/neither-records[input.count=max]'
    $FirstArguments = 'run --root C:\ConformanceSuite --driver C:\ConformanceSuite\driver\ConformanceSample.sys --filter neither --defect-variant 3 --target windows --device-path \\.\ConformanceSample --call-timeout-ms 5000'

    function New-FakeHost {
        <# The state of the fake VM, its guest and the calls made to them. #>
        param([object[]] $Runs, [scriptblock] $SessionFailure = { param($attempt) })

        $script:World = [pscustomobject]@{
            Calls            = [System.Collections.Generic.List[string]]::new()
            VmMissing        = $false
            VmState          = 'Running'
            Heartbeat        = 'OkApplicationsHealthy'
            HeartbeatService = $true
            Runs             = [System.Collections.Generic.Queue[object]]::new([object[]]$Runs)
            RunArguments     = [System.Collections.Generic.List[string]]::new()
            GuestRunFolders  = [System.Collections.Generic.List[string]]::new()
            GuestDumps       = [System.Collections.Generic.List[string]]::new()
            BootTime         = [datetime]'2026-11-25T01:00:00'
            StaleBootAnswers = 0       # boot-time queries still answered with the old boot (a guest going down)
            BugCheckAt       = 0       # the bugcheck-event query from which event 1001 is in the System log
            BugCheckQueries  = 0
            HangCase         = $null
            SessionAttempts  = 0
            SessionFailure   = $SessionFailure
            Sessions         = [System.Collections.Generic.List[object]]::new()
            Received         = Join-Path $TestDrive 'guest-received'
        }
    }

    function Invoke-FakeBugcheck {
        <# The guest bugchecks and reboots: sessions break, a dump appears, event 1001 follows two queries later. #>
        foreach ($session in $World.Sessions) { $session.State = 'Broken' }
        $World.BootTime = $World.BootTime.AddMinutes(30)
        $World.GuestDumps.Add('C:\Windows\MEMORY.DMP')
        $World.BugCheckAt = $World.BugCheckQueries + 2
    }

    function Get-HyperVRunParameter {
        <# Parameters of Invoke-ConformanceHyperVRun for the fake host, with short waits. #>
        $cli = Join-Path $TestDrive 'publish'
        $driver = Join-Path $TestDrive 'driver/ConformanceSample.sys'
        $null = New-Item -ItemType Directory -Path $cli, (Split-Path $driver) -Force
        Set-Content -LiteralPath (Join-Path $cli 'conformance.exe') -Value 'not really a program'
        Set-Content -LiteralPath $driver -Value 'not really a driver'
        @{
            RepositoryRoot         = $RepositoryRoot
            ArtifactsPath          = Join-Path $TestDrive 'artifacts'
            ResultsPath            = Join-Path $TestDrive 'results'
            VMName                 = 'ConformanceVM'
            CheckpointName         = 'Clean'
            GuestCredential        = [pscredential]::new('guest\admin', (ConvertTo-SecureString 'not-a-secret' -AsPlainText -Force))
            CliPublishPath         = $cli
            DriverPath             = $driver
            Filter                 = 'neither'
            DefectVariant          = 3
            DevicePath             = '\\.\ConformanceSample'
            CallTimeoutMs          = 5000
            GuestTimeoutSeconds    = 30
            BugCheckTimeoutSeconds = 30
            RetrySeconds           = 0
            PollSeconds            = 1
        }
    }

    function Get-CallSequence {
        <# The calls without the watcher's polls (how many there are depends on timing). #>
        @($World.Calls | Where-Object { $_ -notin 'Invoke:hang-case', 'Invoke:bugcheck-event' })
    }
}

Describe 'Invoke-ConformanceHyperVRun' {
    BeforeEach {
        $results = Join-Path $TestDrive 'results'
        foreach ($folder in $results, (Join-Path $TestDrive 'guest-received')) {
            if (Test-Path $folder) { Remove-Item $folder -Recurse -Force }
        }

        Mock Get-VM {
            if ($World.VmMissing) { throw "Hyper-V was unable to find a virtual machine with name `"$Name`"." }
            [pscustomobject]@{ Name = $Name[0]; State = $World.VmState; Heartbeat = $World.Heartbeat; Generation = 2 }
        }
        Mock Get-VMIntegrationService { [pscustomobject]@{ Name = 'Heartbeat'; Enabled = $World.HeartbeatService } }
        Mock Restore-VMCheckpoint {
            # Hyper-V restores a checkpoint only into a VM that is off (or saved).
            if ($World.VmState -eq 'Running') { throw 'The operation cannot be performed while the virtual machine is in its current state.' }
            $World.Calls.Add('Restore-VMCheckpoint')
            $World.VmState = 'Saved'
        }
        Mock Start-VM { $World.Calls.Add('Start-VM'); $World.VmState = 'Running' }
        Mock Stop-VM { $World.Calls.Add("Stop-VM$($TurnOff ? ':TurnOff' : '')"); $World.VmState = 'Off' }
        Mock Wait-VM { $World.Calls.Add('Wait-VM'); $World.Heartbeat = 'OkApplicationsHealthy' }
        Mock Debug-VM {
            $World.Calls.Add('Debug-VM:NMI')
            Invoke-FakeBugcheck
            $World.StaleBootAnswers = 1   # the first reconnect still finds the guest of before the NMI
        }
        Mock Start-Sleep { [System.Threading.Thread]::Sleep(20) }
        Mock New-PSSession {
            $World.SessionAttempts++
            $failure = & $World.SessionFailure $World.SessionAttempts
            if ($failure) { $World.Calls.Add('New-PSSession:failed'); throw $failure }
            $World.Calls.Add('New-PSSession')
            $session = [pscustomobject]@{ Id = $World.SessionAttempts; State = 'Opened' }
            $World.Sessions.Add($session)
            $session
        }
        Mock Remove-PSSession -RemoveParameterType Session { }
        Mock Copy-Item {
            if ($ToSession) {
                $World.Calls.Add("Copy-Item:ToSession:$(($Destination -split '\\')[-1])")
                $null = New-Item -ItemType Directory -Path $World.Received -Force
                Copy-LocalItem -Path $Path -Destination $World.Received
                return
            }

            if (-not $FromSession) {
                Copy-LocalItem -Path $Path -LiteralPath $LiteralPath -Destination $Destination -Recurse:$Recurse
                return
            }

            $leaf = ($Path[0] -split '\\')[-1]
            $World.Calls.Add("Copy-Item:FromSession:$leaf")
            if ($leaf -like '*.dmp') {
                Set-Content -LiteralPath $Destination -Value "dump $leaf"
            }
            else {
                $null = New-Item -ItemType Directory -Path (Join-Path $Destination $leaf) -Force
                Set-Content -LiteralPath (Join-Path $Destination $leaf 'journal.txt') -Value "copy $($World.Calls.Count)"
            }
        }
        Mock Invoke-Command -RemoveParameterType Session {
            $script = $ScriptBlock.ToString()
            $name = [regex]::Match($script, '# guest:([a-z-]+)').Groups[1].Value
            $World.Calls.Add("Invoke:$name")
            switch ($name) {
                'prepare-folder' { return }
                'expand-payload' { return }
                'boot-time' {
                    if ($World.StaleBootAnswers -gt 0) { $World.StaleBootAnswers--; return $World.BootTime.AddMinutes(-30) }
                    return $World.BootTime
                }
                'run-folders' { return $World.GuestRunFolders.ToArray() }
                'crash-dumps' { return $World.GuestDumps.ToArray() }
                'remove-dump' { $null = $World.GuestDumps.Remove($ArgumentList[0]); return }
                'hang-case' { return @($World.HangCase | Where-Object { $_ }) }
                'bugcheck-event' {
                    $World.BugCheckQueries++
                    if ($World.BugCheckAt -gt 0 -and $World.BugCheckQueries -ge $World.BugCheckAt) {
                        $World.Calls.Add('Invoke:bugcheck-event:found')
                        return 'The computer has rebooted from a bugcheck. The bugcheck was: 0x00000080 (0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000). A dump was saved in: C:\Windows\MEMORY.DMP.'
                    }
                    return
                }
                'run' {
                    $World.RunArguments.Add(@($ArgumentList[1]) -join ' ')
                    if (-not $World.GuestRunFolders.Contains($GuestRun)) { $World.GuestRunFolders.Add($GuestRun) }
                    $plan = $World.Runs.Dequeue()
                    switch ($plan.Kind) {
                        'Complete' {
                            return Start-ThreadJob -ArgumentList $plan.ExitCode -ScriptBlock {
                                param($code)
                                '12 cases: 12 passed, 0 failed, 0 errors, 0 blocked'
                                [pscustomobject]@{ ConformanceExitCode = $code }
                            }
                        }
                        'Bugcheck' {
                            Invoke-FakeBugcheck
                            return Start-ThreadJob -ScriptBlock {
                                '[3/12] 0 failing'
                                throw 'The remote session might have ended.'
                            }
                        }
                        'HangExit3' {
                            # The watchdog saw the call hang, wrote hang.txt and the CLI managed to exit.
                            $World.HangCase = $HungCase
                            return Start-ThreadJob -ScriptBlock { '[5/12] 0 failing'; [pscustomobject]@{ ConformanceExitCode = 3 } }
                        }
                        'HangStuck' {
                            # hang.txt is written, but the CLI's thread is stuck in the kernel: it never exits.
                            $World.HangCase = $HungCase
                            return Start-ThreadJob -ScriptBlock { '[5/12] 0 failing'; Start-Sleep -Seconds 60 }
                        }
                        'HeartbeatLost' {
                            # The guest bugchecks while the session still looks open: only the heartbeat tells.
                            $World.Heartbeat = 'LostCommunication'
                            Invoke-FakeBugcheck
                            foreach ($session in $World.Sessions) { $session.State = 'Opened' }
                            return Start-ThreadJob -ScriptBlock { Start-Sleep -Seconds 60 }
                        }
                        'SessionDrop' {
                            # The transport breaks, the guest keeps running: no reboot, no hang.
                            foreach ($session in $World.Sessions) { $session.State = 'Broken' }
                            return Start-ThreadJob -ScriptBlock { throw 'The pipe is being closed.' }
                        }
                        'Fail' {
                            return Start-ThreadJob -ScriptBlock { throw "The term 'C:\ConformanceSuite\cli\conformance.exe' is not recognized" }
                        }
                    }
                }
                default { throw "unexpected guest script: $script" }
            }
        }
    }

    It 'checks the heartbeat service, turns off, restores, starts, copies in one zip, runs, copies out and turns off, in that order' {
        New-FakeHost -Runs @{ Kind = 'Complete'; ExitCode = 1 }
        $parameters = Get-HyperVRunParameter

        $code = Invoke-ConformanceHyperVRun @parameters -InformationVariable shown 6>$null

        $code | Should -Be 1 -Because 'the CLI exit code of the guest run is passed through'
        Get-CallSequence | Should -Be @(
            'Stop-VM:TurnOff', 'Restore-VMCheckpoint', 'Start-VM', 'Wait-VM', 'New-PSSession', 'Invoke:boot-time', 'New-PSSession',
            'Invoke:prepare-folder', 'Copy-Item:ToSession:payload.zip', 'Invoke:expand-payload',
            'Invoke:run', 'Invoke:run-folders', "Copy-Item:FromSession:$RunId", 'Stop-VM:TurnOff')
        Should -Invoke Get-VMIntegrationService -ModuleName ConformanceSuite -ParameterFilter { $VMName -eq 'ConformanceVM' -and $Name -eq 'Heartbeat' }
        Should -Invoke Wait-VM -ModuleName ConformanceSuite -ParameterFilter { $For -eq 'Heartbeat' -and $Timeout -gt 0 }
        Should -Invoke New-PSSession -ModuleName ConformanceSuite -ParameterFilter { $VMName -eq 'ConformanceVM' -and $Credential.UserName -eq 'guest\admin' }
        Should -Invoke Restore-VMCheckpoint -ModuleName ConformanceSuite -ParameterFilter { $VMName -eq 'ConformanceVM' -and $Name -eq 'Clean' }
        $World.RunArguments | Should -Be $FirstArguments
        "$shown" | Should -Match 'guest\| 12 cases: 12 passed'
        Join-Path $parameters.ResultsPath $RunId 'journal.txt' | Should -Exist
        (Get-Item (Join-Path $parameters.ResultsPath 'latest')).LinkTarget | Should -Match ([regex]::Escape($RunId))
    }

    It 'turns the VM off (-TurnOff) before restoring the checkpoint' {
        New-FakeHost -Runs @{ Kind = 'Complete'; ExitCode = 0 }
        $parameters = Get-HyperVRunParameter

        Invoke-ConformanceHyperVRun @parameters 6>$null | Should -Be 0

        $World.Calls.IndexOf('Stop-VM:TurnOff') | Should -BeLessThan $World.Calls.IndexOf('Restore-VMCheckpoint')
        Should -Invoke Stop-VM -ModuleName ConformanceSuite -ParameterFilter { $TurnOff -and $Name -eq 'ConformanceVM' } -Times 2 -Exactly
    }

    It 'zips the CLI, the scenarios and the driver on the host and sends them as one file' {
        New-FakeHost -Runs @{ Kind = 'Complete'; ExitCode = 0 }
        $parameters = Get-HyperVRunParameter

        $null = Invoke-ConformanceHyperVRun @parameters 6>$null

        Should -Invoke Copy-Item -ModuleName ConformanceSuite -Times 1 -Exactly -ParameterFilter { $ToSession }
        Should -Invoke Copy-Item -ModuleName ConformanceSuite -Times 1 -Exactly -ParameterFilter { $ToSession -and $Destination -eq 'C:\ConformanceSuite\payload.zip' }
        $zip = Join-Path $World.Received 'payload.zip'
        $zip | Should -Exist
        $expanded = Join-Path $TestDrive 'expanded'
        Expand-Archive -LiteralPath $zip -DestinationPath $expanded -Force
        Join-Path $expanded 'cli/conformance.exe' | Should -Exist
        Join-Path $expanded 'driver/ConformanceSample.sys' | Should -Exist
        Join-Path $expanded 'scenarios/devices/conformance-sample.yaml' | Should -Exist
        $World.Calls.IndexOf('Invoke:expand-payload') | Should -BeGreaterThan $World.Calls.IndexOf('Copy-Item:ToSession:payload.zip')
    }

    It 'stops with a clear error before touching the VM when the Heartbeat integration service is disabled' {
        New-FakeHost -Runs @()
        $World.HeartbeatService = $false
        $parameters = Get-HyperVRunParameter

        { Invoke-ConformanceHyperVRun @parameters 6>$null } |
            Should -Throw "*Heartbeat integration service of VM 'ConformanceVM' is not enabled*Enable-VMIntegrationService -VMName 'ConformanceVM' -Name Heartbeat*"

        $World.Calls | Should -BeNullOrEmpty
    }

    It 'after a crash mid-run: waits for the guest, then for event 1001, then fetches the dump and resumes with the same options' {
        New-FakeHost -Runs @{ Kind = 'Bugcheck' }, @{ Kind = 'Complete'; ExitCode = 0 }
        $parameters = Get-HyperVRunParameter

        $code = Invoke-ConformanceHyperVRun @parameters 6>$null

        $code | Should -Be 0
        $World.RunArguments | Should -Be $FirstArguments, "$FirstArguments --resume $GuestRun"
        $afterCrash = @(Get-CallSequence)
        $afterCrash = $afterCrash[($afterCrash.IndexOf('Invoke:run') + 1)..($afterCrash.Count - 1)]
        $afterCrash | Should -Be @(
            'Wait-VM', 'New-PSSession', 'Invoke:boot-time', 'New-PSSession', 'Invoke:bugcheck-event:found',
            'Invoke:run-folders', "Copy-Item:FromSession:$RunId", 'Invoke:crash-dumps', 'Copy-Item:FromSession:MEMORY.DMP', 'Invoke:remove-dump',
            'Invoke:run-folders', 'Invoke:run', 'Invoke:run-folders', "Copy-Item:FromSession:$RunId", 'Stop-VM:TurnOff')
        $World.BugCheckQueries | Should -Be 2 -Because 'the dump is fetched only once event 1001 is in the System log'
        Join-Path $parameters.ResultsPath $RunId 'dumps/crash-1/MEMORY.DMP' | Should -Exist
        $World.GuestDumps | Should -BeNullOrEmpty -Because 'a dump is moved out, so the next crash cannot overwrite it unseen'
        Should -Invoke Debug-VM -ModuleName ConformanceSuite -Times 0
    }

    It 'on a hang (exit code 3): copies the results, injects an NMI, waits for the reboot and event 1001, fetches the dump and resumes' {
        New-FakeHost -Runs @{ Kind = 'HangExit3' }, @{ Kind = 'Complete'; ExitCode = 1 }
        $parameters = Get-HyperVRunParameter

        $code = Invoke-ConformanceHyperVRun @parameters 6>$null

        $code | Should -Be 1
        Should -Invoke Debug-VM -ModuleName ConformanceSuite -Times 1 -Exactly -ParameterFilter { $InjectNonMaskableInterrupt -and $Force -and $Name -eq 'ConformanceVM' }
        $calls = @(Get-CallSequence)
        $nmi = $calls.IndexOf('Debug-VM:NMI')
        $calls[$calls.IndexOf('Invoke:run') + 1] | Should -Be 'Invoke:run-folders'
        $calls[$nmi - 1] | Should -Be "Copy-Item:FromSession:$RunId" -Because 'results gathered so far are copied back before the reset'
        $calls[($nmi + 1)..($nmi + 10)] | Should -Be @(
            'Wait-VM', 'New-PSSession', 'Invoke:boot-time',                          # still the old boot: the NMI has not hit yet
            'Wait-VM', 'New-PSSession', 'Invoke:boot-time', 'New-PSSession',         # the guest rebooted
            'Invoke:bugcheck-event:found', 'Invoke:run-folders', "Copy-Item:FromSession:$RunId")
        $calls.IndexOf('Copy-Item:FromSession:MEMORY.DMP') | Should -BeGreaterThan $calls.IndexOf('Invoke:bugcheck-event:found')
        Join-Path $parameters.ResultsPath $RunId 'dumps/crash-1/MEMORY.DMP' | Should -Exist
        $World.RunArguments | Should -Be $FirstArguments, "$FirstArguments --resume $GuestRun"
    }

    It 'on a hang the CLI cannot exit from (hang.txt while it still runs): NMI, dump after event 1001, resume; the old hang.txt is not a new hang' {
        New-FakeHost -Runs @{ Kind = 'HangStuck' }, @{ Kind = 'Complete'; ExitCode = 0 }
        $parameters = Get-HyperVRunParameter
        $clock = [System.Diagnostics.Stopwatch]::StartNew()

        $code = Invoke-ConformanceHyperVRun @parameters 6>$null

        $code | Should -Be 0
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 30 -Because 'the stuck CLI is not waited for'
        Should -Invoke Debug-VM -ModuleName ConformanceSuite -Times 1 -Exactly -ParameterFilter { $InjectNonMaskableInterrupt -and $Force }
        $World.Calls.IndexOf('Invoke:bugcheck-event:found') | Should -BeGreaterThan $World.Calls.IndexOf('Debug-VM:NMI')
        $World.Calls.IndexOf('Copy-Item:FromSession:MEMORY.DMP') | Should -BeGreaterThan $World.Calls.IndexOf('Invoke:bugcheck-event:found')
        $World.RunArguments | Should -Be $FirstArguments, "$FirstArguments --resume $GuestRun"
    }

    It 'treats a heartbeat lost mid-run as a crash when the guest comes back with a new boot' {
        New-FakeHost -Runs @{ Kind = 'HeartbeatLost' }, @{ Kind = 'Complete'; ExitCode = 0 }
        $parameters = Get-HyperVRunParameter

        $code = Invoke-ConformanceHyperVRun @parameters -HeartbeatGraceSeconds 0 6>$null

        $code | Should -Be 0
        $World.Calls | Should -Contain 'Invoke:bugcheck-event:found'
        Join-Path $parameters.ResultsPath $RunId 'dumps/crash-1/MEMORY.DMP' | Should -Exist
        $World.RunArguments[1] | Should -Be "$FirstArguments --resume $GuestRun"
        Should -Invoke Debug-VM -ModuleName ConformanceSuite -Times 0
    }

    It 'resumes without waiting for a dump when only the session broke (same boot, no hang)' {
        New-FakeHost -Runs @{ Kind = 'SessionDrop' }, @{ Kind = 'Complete'; ExitCode = 0 }
        $parameters = Get-HyperVRunParameter

        $code = Invoke-ConformanceHyperVRun @parameters 6>$null

        $code | Should -Be 0
        $World.Calls | Should -Not -Contain 'Invoke:bugcheck-event'
        $World.Calls | Should -Not -Contain 'Debug-VM:NMI'
        $World.RunArguments[1] | Should -Be "$FirstArguments --resume $GuestRun"
    }

    It 'goes on without the dump when event 1001 never comes (and says so)' {
        New-FakeHost -Runs @{ Kind = 'Bugcheck' }, @{ Kind = 'Complete'; ExitCode = 0 }
        $parameters = Get-HyperVRunParameter
        $parameters.BugCheckTimeoutSeconds = 0
        Mock Write-Warning { $World.Calls.Add("warning:$Message") }

        Invoke-ConformanceHyperVRun @parameters 6>$null | Should -Be 0

        $World.Calls | Where-Object { $_ -like 'warning:*no BugCheck event 1001*' } | Should -Not -BeNullOrEmpty
        $World.RunArguments[1] | Should -Be "$FirstArguments --resume $GuestRun"
    }

    It 'fails clearly when the guest never comes back, and keeps the results copied before' {
        New-FakeHost -Runs @{ Kind = 'Bugcheck' }, @{ Kind = 'Bugcheck' } -SessionFailure {
            param($attempt)
            if ($attempt -ge 5) { 'A remote session might have ended.' }
        }
        $parameters = Get-HyperVRunParameter
        $parameters.GuestTimeoutSeconds = 1

        { Invoke-ConformanceHyperVRun @parameters 6>$null } |
            Should -Throw "*guest of VM 'ConformanceVM' did not come back within 1 s*A remote session might have ended*"

        Join-Path $parameters.ResultsPath $RunId 'journal.txt' | Should -Exist -Because 'results copied after the first crash are never removed'
        Join-Path $parameters.ResultsPath $RunId 'dumps/crash-1/MEMORY.DMP' | Should -Exist
        $World.Calls[-1] | Should -Be 'Stop-VM:TurnOff'
    }

    It 'stops at once with a clear message when the guest rejects the credentials' {
        New-FakeHost -Runs @() -SessionFailure { param($attempt) 'The credential is invalid.' }
        $parameters = Get-HyperVRunParameter

        { Invoke-ConformanceHyperVRun @parameters 6>$null } | Should -Throw "*rejected the logon of 'guest\admin'*credential is invalid*-GuestCredential*"

        Should -Invoke New-PSSession -ModuleName ConformanceSuite -Times 1 -Exactly
        $World.Calls[-1] | Should -Be 'Stop-VM:TurnOff'
    }

    It 'names the VM when this host has none of that name, and touches nothing' {
        New-FakeHost -Runs @()
        $World.VmMissing = $true
        $parameters = Get-HyperVRunParameter

        { Invoke-ConformanceHyperVRun @parameters 6>$null } | Should -Throw "*No Hyper-V VM named 'ConformanceVM'*"

        $World.Calls | Should -BeNullOrEmpty
    }

    It 'names the missing driver before touching the VM' {
        New-FakeHost -Runs @()
        $parameters = Get-HyperVRunParameter
        $parameters.DriverPath = Join-Path $TestDrive 'nowhere/ConformanceSample.sys'

        { Invoke-ConformanceHyperVRun @parameters 6>$null } | Should -Throw '*No driver at*-DriverPath*'

        $World.Calls | Should -BeNullOrEmpty
    }

    It 'does not wait for a guest that is fine when the suite itself cannot run there' {
        New-FakeHost -Runs @{ Kind = 'Fail' }
        $parameters = Get-HyperVRunParameter

        { Invoke-ConformanceHyperVRun @parameters 6>$null } | Should -Throw '*suite failed in the guest*conformance.exe*'

        @($World.Calls | Where-Object { $_ -eq 'New-PSSession' }).Count | Should -Be 2 -Because 'one connection (run and watch sessions), no reconnect'
        $World.Calls[-1] | Should -Be 'Stop-VM:TurnOff'
    }

    It 'gives up after -MaxGuestRestarts lost guests' {
        New-FakeHost -Runs @{ Kind = 'Bugcheck' }, @{ Kind = 'Bugcheck' }, @{ Kind = 'Bugcheck' }
        $parameters = Get-HyperVRunParameter

        { Invoke-ConformanceHyperVRun @parameters -MaxGuestRestarts 1 6>$null } | Should -Throw '*lost more than 1 times*'

        $World.RunArguments.Count | Should -Be 2
    }

    It 'exits 3 from the script with the reason when the VM is missing' {
        New-FakeHost -Runs @()
        $World.VmMissing = $true
        $parameters = Get-HyperVRunParameter
        Mock Publish-ConformanceCli { $parameters.CliPublishPath }
        $errors = [System.IO.StringWriter]::new()
        $bound = @{ Mode = 'HyperV'; VMName = 'ConformanceVM'; GuestCredential = $parameters.GuestCredential; DriverPath = $parameters.DriverPath }

        Invoke-ConformanceSuite -RepositoryRoot $RepositoryRoot -BoundParameters $bound -ErrorWriter $errors 6>$null | Should -Be 3

        $errors.ToString() | Should -Match "run-suite: error: No Hyper-V VM named 'ConformanceVM'"
    }

    It 'publishes the CLI with the one win-x64 publish command' {
        Mock dotnet { $global:LASTEXITCODE = 0; $World.Calls.Add("dotnet $($args -join ' ')") }
        New-FakeHost -Runs @()

        $folder = InModuleScope ConformanceSuite -Parameters @{ Root = $TestDrive } { param($Root) Publish-ConformanceCli -RepositoryRoot $Root 6>$null }

        $folder | Should -Be (Join-Path $TestDrive 'artifacts/hyperv/cli')
        $World.Calls | Should -Be "dotnet publish src/Conformance/Conformance.Cli -c Release -r win-x64 --self-contained -o $folder"
    }
}
