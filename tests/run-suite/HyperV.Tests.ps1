# HyperV mode against a fake host: the Hyper-V cmdlets are stubs (HyperVStubs.ps1) and the
# PowerShell Direct pieces (New-PSSession, Invoke-Command, Copy-Item -ToSession/-FromSession,
# Remove-PSSession) are mocked. The suite "runs" in the guest as a real thread job that streams
# lines and then reports an exit code, breaks like a session to a guest that bugchecked, or hangs.
# Everything else - the order of the steps, the waiting, the resume, copying results and dumps into
# a real local folder - is the script's own code.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'HyperVStubs.ps1')
    . $RunSuiteScript -LoadFunctionsOnly

    # Copy-Item is a provider cmdlet: Pester's mock of it still binds -ToSession/-FromSession as a
    # real PSSession. This stand-in (a function wins over the cmdlet here) takes the fake session.
    function Copy-Item {
        [CmdletBinding()]
        param([string[]] $Path, [string] $Destination, $ToSession, $FromSession, [switch] $Recurse, [switch] $Force)
        throw 'Copy-Item is a test stand-in: mock it.'
    }

    $GuestRun = 'C:\ConformanceSuite\results\20261125-010203-000-windows'
    $RunId = '20261125-010203-000-windows'

    function New-FakeHost {
        <# The state of the fake VM, its guest and the calls made to them. #>
        param([object[]] $Runs, [scriptblock] $SessionFailure = { param($attempt) })

        $script:World = [pscustomobject]@{
            Calls           = [System.Collections.Generic.List[string]]::new()
            VmMissing       = $false
            VmState         = 'Off'
            Heartbeat       = 'OkApplicationsHealthy'
            Runs            = [System.Collections.Generic.Queue[object]]::new([object[]]$Runs)
            RunArguments    = [System.Collections.Generic.List[object]]::new()
            GuestRunFolders = [System.Collections.Generic.List[string]]::new()
            GuestDumps      = [System.Collections.Generic.List[string]]::new()
            SessionAttempts = 0
            SessionFailure  = $SessionFailure
            Session         = $null
        }
    }

    function Get-HyperVRunParameter {
        <# Parameters of Invoke-ConformanceHyperVRun for the fake host, with short waits. #>
        $cli = Join-Path $TestDrive 'publish'
        $driver = Join-Path $TestDrive 'driver-package'
        $null = New-Item -ItemType Directory -Path $cli, $driver -Force
        @{
            RepositoryRoot      = $RepositoryRoot
            ResultsPath         = Join-Path $TestDrive 'results'
            VMName              = 'ConformanceVM'
            CheckpointName      = 'Clean'
            GuestCredential     = [pscredential]::new('guest\admin', (ConvertTo-SecureString 'not-a-secret' -AsPlainText -Force))
            CliPublishPath      = $cli
            DriverPackagePath   = $driver
            Filter              = 'neither'
            GuestTimeoutSeconds = 30
            RetrySeconds        = 0
            PollSeconds         = 1
        }
    }
}

Describe 'Invoke-ConformanceHyperVRun' {
    BeforeEach {
        $results = Join-Path $TestDrive 'results'
        if (Test-Path $results) { Remove-Item $results -Recurse -Force }

        Mock Get-VM {
            if ($World.VmMissing) { throw "Hyper-V was unable to find a virtual machine with name `"$Name`"." }
            [pscustomobject]@{ Name = $Name[0]; State = $World.VmState; Heartbeat = $World.Heartbeat }
        }
        Mock Restore-VMSnapshot { $World.Calls.Add('Restore-VMSnapshot'); $World.VmState = 'Saved' }
        Mock Start-VM { $World.Calls.Add('Start-VM'); $World.VmState = 'Running' }
        Mock Stop-VM { $World.Calls.Add('Stop-VM'); $World.VmState = 'Off'; $World.Heartbeat = 'OkApplicationsHealthy' }
        Mock Wait-VM { $World.Calls.Add('Wait-VM') }
        Mock Start-Sleep { [System.Threading.Thread]::Sleep(20) }
        Mock New-PSSession {
            $World.SessionAttempts++
            $failure = & $World.SessionFailure $World.SessionAttempts
            if ($failure) { $World.Calls.Add('New-PSSession:failed'); throw $failure }
            $World.Calls.Add('New-PSSession')
            $World.Session = [pscustomobject]@{ Id = $World.SessionAttempts; State = 'Opened' }
            $World.Session
        }
        Mock Remove-PSSession -RemoveParameterType Session { $World.Calls.Add('Remove-PSSession') }
        Mock Copy-Item {
            if ($ToSession) {
                $World.Calls.Add("Copy-Item:ToSession:$(($Destination -split '\\')[-1])")
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
            switch -Regex ($script) {
                '# guest:initialize' { $World.Calls.Add('Invoke:initialize'); return }
                '# guest:run-folders' { $World.Calls.Add('Invoke:run-folders'); return $World.GuestRunFolders.ToArray() }
                '# guest:crash-dumps' { $World.Calls.Add('Invoke:crash-dumps'); return $World.GuestDumps.ToArray() }
                '# guest:remove-dump' { $World.Calls.Add('Invoke:remove-dump'); $null = $World.GuestDumps.Remove($ArgumentList[0]); return }
                '# guest:run(?!-)' {
                    $World.Calls.Add('Invoke:run')
                    $World.RunArguments.Add(@($ArgumentList[1]))
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
                            # The guest bugchecks and reboots: the transport breaks, a dump appears.
                            $World.Session.State = 'Broken'
                            $World.GuestDumps.Add('C:\Windows\MEMORY.DMP')
                            return Start-ThreadJob -ScriptBlock {
                                '[3/12] 0 failing'
                                throw 'The remote session might have ended.'
                            }
                        }
                        'Hang' {
                            $World.Heartbeat = 'LostCommunication'
                            return Start-ThreadJob -ScriptBlock { Start-Sleep -Seconds 30 }
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

    It 'restores, starts, waits, copies in, runs, copies out and turns off, in that order' {
        New-FakeHost -Runs @{ Kind = 'Complete'; ExitCode = 1 }
        $parameters = Get-HyperVRunParameter

        $code = Invoke-ConformanceHyperVRun @parameters -InformationVariable shown 6>$null

        $code | Should -Be 1 -Because 'the CLI exit code of the guest run is passed through'
        $World.Calls | Should -Be @(
            'Restore-VMSnapshot', 'Start-VM', 'Wait-VM', 'New-PSSession', 'Invoke:initialize',
            'Copy-Item:ToSession:cli', 'Copy-Item:ToSession:scenarios', 'Copy-Item:ToSession:driver',
            'Invoke:run', 'Invoke:run-folders', "Copy-Item:FromSession:$RunId", 'Invoke:crash-dumps',
            'Remove-PSSession', 'Stop-VM')
        Should -Invoke Wait-VM -ParameterFilter { $For -eq 'Heartbeat' -and $Timeout -gt 0 }
        Should -Invoke New-PSSession -ParameterFilter { $VMName -eq 'ConformanceVM' -and $Credential.UserName -eq 'guest\admin' }
        Should -Invoke Restore-VMSnapshot -ParameterFilter { $VMName -eq 'ConformanceVM' -and $Name -eq 'Clean' }
        $World.RunArguments[0] -join ' ' | Should -Be ('run --root C:\ConformanceSuite --scenarios C:\ConformanceSuite\scenarios --results C:\ConformanceSuite\results ' +
            '--driver C:\ConformanceSuite\driver --filter neither --target windows')
        "$shown" | Should -Match 'guest\| 12 cases: 12 passed'
        Join-Path $parameters.ResultsPath $RunId 'journal.txt' | Should -Exist
        (Get-Item (Join-Path $parameters.ResultsPath 'latest')).LinkTarget | Should -Match ([regex]::Escape($RunId))
    }

    It 'waits for a guest that bugchecked, copies its dump and resumes the run from the journal' {
        New-FakeHost -Runs @{ Kind = 'Bugcheck' }, @{ Kind = 'Complete'; ExitCode = 0 }
        $parameters = Get-HyperVRunParameter

        $code = Invoke-ConformanceHyperVRun @parameters 6>$null

        $code | Should -Be 0
        Should -Invoke New-PSSession -Times 2 -Exactly
        $World.RunArguments.Count | Should -Be 2
        $World.RunArguments[0] | Should -Not -Contain '--resume'
        ($World.RunArguments[1] -join ' ') | Should -BeLike "* --resume $GuestRun"
        $afterCrash = $World.Calls.GetRange($World.Calls.IndexOf('Invoke:run') + 1, 8)
        $afterCrash | Should -Be @(
            'Remove-PSSession', 'Wait-VM', 'New-PSSession', 'Invoke:run-folders', "Copy-Item:FromSession:$RunId",
            'Invoke:crash-dumps', 'Copy-Item:FromSession:MEMORY.DMP', 'Invoke:remove-dump')
        Join-Path $parameters.ResultsPath $RunId 'dumps/restart-1/MEMORY.DMP' | Should -Exist
        $World.GuestDumps | Should -BeNullOrEmpty -Because 'a dump is moved out, so the next crash cannot overwrite it unseen'
        $World.Calls[-1] | Should -Be 'Stop-VM'
    }

    It 'resets a guest whose heartbeat is lost while the suite hangs, then resumes' {
        New-FakeHost -Runs @{ Kind = 'Hang' }, @{ Kind = 'Complete'; ExitCode = 1 }
        $parameters = Get-HyperVRunParameter

        $code = Invoke-ConformanceHyperVRun @parameters -HeartbeatGraceSeconds 0 6>$null

        $code | Should -Be 1
        $firstRun = $World.Calls.IndexOf('Invoke:run')
        $World.Calls.GetRange($firstRun + 1, 5) | Should -Be 'Remove-PSSession', 'Stop-VM', 'Start-VM', 'Wait-VM', 'New-PSSession'
        ($World.RunArguments[1] -join ' ') | Should -BeLike "* --resume $GuestRun"
    }

    It 'fails clearly when the guest never comes back, and keeps the results copied before' {
        New-FakeHost -Runs @{ Kind = 'Bugcheck' }, @{ Kind = 'Bugcheck' } -SessionFailure {
            param($attempt)
            if ($attempt -ge 3) { 'A remote session might have ended.' }
        }
        $parameters = Get-HyperVRunParameter
        $parameters.GuestTimeoutSeconds = 1

        { Invoke-ConformanceHyperVRun @parameters 6>$null } |
            Should -Throw "*guest of VM 'ConformanceVM' did not come back within 1 s*A remote session might have ended*"

        Join-Path $parameters.ResultsPath $RunId 'journal.txt' | Should -Exist -Because 'results copied after the first crash are never removed'
        Join-Path $parameters.ResultsPath $RunId 'dumps/restart-1/MEMORY.DMP' | Should -Exist
        $World.Calls[-1] | Should -Be 'Stop-VM'
    }

    It 'stops at once with a clear message when the guest rejects the credentials' {
        New-FakeHost -Runs @() -SessionFailure { param($attempt) 'The credential is invalid.' }
        $parameters = Get-HyperVRunParameter

        { Invoke-ConformanceHyperVRun @parameters 6>$null } | Should -Throw "*rejected the logon of 'guest\admin'*credential is invalid*-GuestCredential*"

        Should -Invoke New-PSSession -Times 1 -Exactly
        $World.Calls[-1] | Should -Be 'Stop-VM'
    }

    It 'names the VM when this host has none of that name, and touches nothing' {
        New-FakeHost -Runs @()
        $World.VmMissing = $true
        $parameters = Get-HyperVRunParameter

        { Invoke-ConformanceHyperVRun @parameters 6>$null } | Should -Throw "*No Hyper-V VM named 'ConformanceVM'*"

        $World.Calls | Should -BeNullOrEmpty
    }

    It 'does not wait for a guest that is fine when the suite itself cannot run there' {
        New-FakeHost -Runs @{ Kind = 'Fail' }
        $parameters = Get-HyperVRunParameter

        { Invoke-ConformanceHyperVRun @parameters 6>$null } | Should -Throw '*suite failed in the guest*conformance.exe*'

        Should -Invoke New-PSSession -Times 1 -Exactly
        $World.Calls[-1] | Should -Be 'Stop-VM'
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
        $bound = @{ Mode = 'HyperV'; VMName = 'ConformanceVM'; GuestCredential = $parameters.GuestCredential; DriverPackagePath = $parameters.DriverPackagePath }

        Invoke-ConformanceSuite -RepositoryRoot $RepositoryRoot -BoundParameters $bound -ErrorWriter $errors 6>$null | Should -Be 3

        $errors.ToString() | Should -Match "run-suite: error: No Hyper-V VM named 'ConformanceVM'"
    }
}
