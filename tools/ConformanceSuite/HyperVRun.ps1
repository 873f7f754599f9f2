# HyperV mode: the host drives the test VM. The suite runs in the guest as a PowerShell Direct job; a
# second session watches for the CLI's hang marker while the heartbeat tells whether the guest still
# lives. A crash (the guest rebooted), a hang (exit 3 or hang.txt) or a broken session each end in a
# resume of the same run from its journal, with the crash dump saved beside the results.
# Not yet run on Windows/Hyper-V: tested with mocked cmdlets on Linux (tests/run-suite/HyperV.Tests.ps1).

function Start-ConformanceGuestRun {
    <#
    .SYNOPSIS
        Starts the CLI in the guest as a job of Session and returns the job. Its output is the
        CLI's lines, then one object with ConformanceExitCode.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] [string] $GuestWorkingDirectory,
        [Parameter(Mandatory)] [string[]] $CliArgument
    )

    Write-ConformanceLine "conformance $($CliArgument -join ' ')   (in the guest)"
    Invoke-Command -Session $Session -AsJob -ArgumentList $GuestWorkingDirectory, $CliArgument -ScriptBlock {
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
}

function Remove-ConformanceGuestJob {
    <#
    .SYNOPSIS
        Stops and removes the guest run's job (errors ignored: its session may be gone).
    #>
    [CmdletBinding()]
    param($Job)

    if ($Job) {
        Stop-Job -Job $Job -ErrorAction SilentlyContinue
        Remove-Job -Job $Job -Force -ErrorAction SilentlyContinue
    }
}

function Receive-ConformanceGuestOutput {
    <#
    .SYNOPSIS
        Prints what the guest run wrote since the last call; returns its exit code once it came,
        and adds its errors to Problem.
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] $Job,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [System.Collections.Generic.List[string]] $Problem
    )

    $received = $null
    $items = @(Receive-Job -Job $Job -ErrorAction SilentlyContinue -ErrorVariable received)
    foreach ($item in $items) {
        if ($null -ne $item -and $item.PSObject.Properties['ConformanceExitCode'] -and $null -ne $item.ConformanceExitCode) {
            [int]$item.ConformanceExitCode
        }
        else {
            Write-Host "  guest| $item"
        }
    }

    foreach ($failure in @($received)) {
        if ($failure) { $Problem.Add([string]$failure) }
    }
}

function Wait-ConformanceGuestRun {
    <#
    .SYNOPSIS
        Follows the guest run until it ends, streaming its output. Returns Kind = Completed (with
        ExitCode), Hung (a new hang.txt: CaseId) or Lost (Reason: the session broke or the
        heartbeat was lost for HeartbeatGraceSeconds).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Job,
        [Parameter(Mandatory)] $Connection,
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [string] $GuestResultsPath,
        [string[]] $HandledHangCase = @(),
        [int] $HeartbeatGraceSeconds = 120,
        [int] $PollSeconds = 5
    )

    $exitCode = $null
    $problems = [System.Collections.Generic.List[string]]::new()
    $silentFor = $null
    while ($true) {
        $finished = Wait-Job -Job $Job -Timeout $PollSeconds
        $received = Receive-ConformanceGuestOutput -Job $Job -Problem $problems
        if ($null -ne $received) { $exitCode = $received }
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
            return [pscustomobject]@{ Kind = 'Lost'; ExitCode = $null; CaseId = $null
                Reason = "the heartbeat of '$VMName' was lost for $HeartbeatGraceSeconds s while the suite ran" }
        }

        try {
            $hung = Get-ConformanceHangCase -Session $Connection.WatchSession -GuestResultsPath $GuestResultsPath -Handled $HandledHangCase
        }
        catch {
            return [pscustomobject]@{ Kind = 'Lost'; ExitCode = $null; CaseId = $null; Reason = "the guest stopped answering ($($_.Exception.Message))" }
        }

        if ($hung) {
            return [pscustomobject]@{ Kind = 'Hung'; ExitCode = $null; CaseId = $hung; Reason = "the call of $hung hung (hang.txt)" }
        }
    }

    if ($null -ne $exitCode) {
        return [pscustomobject]@{ Kind = 'Completed'; ExitCode = [int]$exitCode; CaseId = $null; Reason = $null }
    }

    if ($Job.JobStateInfo.Reason) { $problems.Add($Job.JobStateInfo.Reason.Message) }
    $reason = $problems.Count -gt 0 ? $problems[-1] : "the job ended in state $($Job.JobStateInfo.State)"
    if ([string]$Connection.Session.State -eq 'Opened' -and (Test-ConformanceGuestHeartbeat -VMName $VMName)) {
        # The guest is fine: the suite itself could not run there. Waiting would not help.
        throw "The suite failed in the guest without an exit code: $reason"
    }

    [pscustomobject]@{ Kind = 'Lost'; ExitCode = $null; CaseId = $null; Reason = "the session to the guest broke ($reason)" }
}

function Resolve-ConformanceLostGuest {
    <#
    .SYNOPSIS
        After the guest was lost mid-run: waits for it, then tells what happened. Crashed: it booted
        since (a bugcheck rebooted it). Hung: same boot, and hang.txt names a new case (the CLI is
        stuck in the kernel). Interrupted: same boot, no hang (only the session broke). Returns
        Kind, CaseId and the new Connection.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [pscredential] $Credential,
        [Parameter(Mandatory)] [datetime] $PreviousBootTime,
        [Parameter(Mandatory)] [string] $GuestResultsPath,
        [string[]] $HandledHangCase = @(),
        [int] $TimeoutSeconds = 600,
        [int] $RetrySeconds = 10
    )

    $connection = Connect-ConformanceGuest -VMName $VMName -Credential $Credential -TimeoutSeconds $TimeoutSeconds -RetrySeconds $RetrySeconds -Watch
    if ($connection.BootTime -ne $PreviousBootTime) {
        return [pscustomobject]@{ Kind = 'Crashed'; CaseId = $null; Connection = $connection }
    }

    $hung = Get-ConformanceHangCase -Session $connection.WatchSession -GuestResultsPath $GuestResultsPath -Handled $HandledHangCase
    if ($hung) {
        return [pscustomobject]@{ Kind = 'Hung'; CaseId = $hung; Connection = $connection }
    }

    [pscustomobject]@{ Kind = 'Interrupted'; CaseId = $null; Connection = $connection }
}

function Invoke-ConformanceHangDump {
    <#
    .SYNOPSIS
        A call hangs in the guest's kernel: copies the results back while the guest still lives,
        injects an NMI (the guest bugchecks and saves a dump), and returns a new connection once the
        guest has booted again. The hung job is removed after the NMI, when its session is gone.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Connection,
        $Job,
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [pscredential] $Credential,
        [Parameter(Mandatory)] [string] $GuestResultsPath,
        [Parameter(Mandatory)] [string] $ResultsPath,
        [int] $TimeoutSeconds = 600,
        [int] $RetrySeconds = 10
    )

    # The run's session may be stuck with the CLI; the watch session is free.
    $null = Save-ConformanceGuestState -Session $Connection.WatchSession -GuestResultsPath $GuestResultsPath -ResultsPath $ResultsPath
    Send-ConformanceNonMaskableInterrupt -VMName $VMName
    Remove-ConformanceGuestJob -Job $Job
    Disconnect-ConformanceGuest -Connection $Connection
    Connect-ConformanceGuest -VMName $VMName -Credential $Credential -TimeoutSeconds $TimeoutSeconds -RetrySeconds $RetrySeconds `
        -AfterBootTime $Connection.BootTime -Watch
}

function Invoke-ConformanceHyperVRun {
    <#
    .SYNOPSIS
        HyperV mode: zip the payload, turn the VM off and restore its checkpoint, start it, copy the
        payload in, run the suite (resuming after every crash, hang or lost session), copy the
        results out, turn the VM off. Returns the CLI's exit code of the final, complete run.

    .DESCRIPTION
        Not yet run on Windows/Hyper-V: tested with mocked cmdlets on Linux.
        After a crash (the guest booted again) it waits for the System log's BugCheck event 1001
        before fetching the dump; after a hang (exit code 3, or hang.txt while the CLI still runs)
        it copies the results, injects an NMI, and does the same. Then it resumes the run with
        --resume and the same options. Results are copied back before every reset and at the end.

    .PARAMETER RepositoryRoot
        The repository (its scenarios/ go into the payload).

    .PARAMETER ArtifactsPath
        Where the payload is staged and zipped (default <RepositoryRoot>/artifacts/hyperv).

    .PARAMETER ResultsPath
        The local results root the guest's run folders are copied into.

    .PARAMETER VMName
        The test VM.

    .PARAMETER GuestCredential
        An administrator of the guest.

    .PARAMETER CliPublishPath
        The win-x64 CLI published by Publish-ConformanceCli.

    .PARAMETER DriverPath
        The driver's .sys; the CLI installs it in the guest (--driver).

    .PARAMETER CheckpointName
        The checkpoint restored before the run (none: the VM is used as it is).

    .PARAMETER GuestWorkingDirectory
        The guest folder of the payload and results: the CLI's --root there.

    .PARAMETER Filter
        --filter of the run.

    .PARAMETER DefectVariant
        --defect-variant of the run.

    .PARAMETER DevicePath
        --device-path of the run.

    .PARAMETER CallTimeoutMs
        --call-timeout-ms of the run.

    .PARAMETER GuestTimeoutSeconds
        How long to wait for the guest after a start, crash or NMI.

    .PARAMETER HeartbeatGraceSeconds
        How long the heartbeat may be lost mid-run before the guest counts as lost.

    .PARAMETER BugCheckTimeoutSeconds
        How long to wait for event 1001 after a crash.

    .PARAMETER MaxGuestRestarts
        How many crashes, hangs and lost sessions are recovered before giving up.

    .PARAMETER RetrySeconds
        Pause between attempts while waiting.

    .PARAMETER PollSeconds
        How often the running suite is checked.
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [Parameter(Mandatory)] [string] $ResultsPath,
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [pscredential] $GuestCredential,
        [Parameter(Mandatory)] [string] $CliPublishPath,
        [Parameter(Mandatory)] [string] $DriverPath,
        [string] $ArtifactsPath = (Join-Path $RepositoryRoot 'artifacts/hyperv'),
        [string] $CheckpointName,
        [string] $GuestWorkingDirectory = 'C:\ConformanceSuite',
        [string] $Filter,
        [Nullable[int]] $DefectVariant,
        [string] $DevicePath,
        [Nullable[int]] $CallTimeoutMs,
        [int] $GuestTimeoutSeconds = 600,
        [int] $HeartbeatGraceSeconds = 120,
        [int] $BugCheckTimeoutSeconds = 600,
        [int] $MaxGuestRestarts = 25,
        [int] $RetrySeconds = 10,
        [int] $PollSeconds = 5
    )

    if (-not (Test-Path -LiteralPath $DriverPath -PathType Leaf)) {
        throw "No driver at '$DriverPath': build driver-under-test/windows/ConformanceSample.vcxproj (x64) or pass -DriverPath <the .sys>."
    }

    $null = Get-ConformanceVM -VMName $VMName
    Assert-ConformanceHeartbeatService -VMName $VMName
    $payload = New-ConformancePayload -RepositoryRoot $RepositoryRoot -ArtifactsPath $ArtifactsPath -CliPublishPath $CliPublishPath -DriverPath $DriverPath
    if ($CheckpointName) {
        Restore-ConformanceCheckpoint -VMName $VMName -CheckpointName $CheckpointName
    }
    else {
        Write-Warning "run-suite: no -CheckpointName; VM '$VMName' is used as it is."
    }

    $guestResults = Join-ConformanceGuestPath $GuestWorkingDirectory 'results'
    $runOptions = @{
        RepositoryRoot = $GuestWorkingDirectory
        Target         = 'windows'
        DriverPath     = Join-ConformanceGuestPath $GuestWorkingDirectory 'driver', (Split-Path -Leaf $DriverPath)
        Filter         = $Filter
        DefectVariant  = $DefectVariant
        DevicePath     = $DevicePath
        CallTimeoutMs  = $CallTimeoutMs
    }
    $wait = @{ VMName = $VMName; Credential = $GuestCredential; TimeoutSeconds = $GuestTimeoutSeconds; RetrySeconds = $RetrySeconds }
    $connection = $null
    $job = $null
    $handledHangs = [System.Collections.Generic.List[string]]::new()
    try {
        Start-ConformanceVM -VMName $VMName
        $connection = Connect-ConformanceGuest @wait -Watch
        Copy-ConformancePayload -Session $connection.Session -ArchivePath $payload -GuestWorkingDirectory $GuestWorkingDirectory

        $resumeFrom = $null
        $restarts = 0
        while ($true) {
            # A resumed run gets the same options as the first, plus --resume (the CLI refuses others).
            $arguments = Get-ConformanceCliArgument -Verb run @runOptions -ResumeRunPath $resumeFrom
            $job = Start-ConformanceGuestRun -Session $connection.Session -GuestWorkingDirectory $GuestWorkingDirectory -CliArgument $arguments
            $outcome = Wait-ConformanceGuestRun -Job $job -Connection $connection -VMName $VMName -GuestResultsPath $guestResults `
                -HandledHangCase $handledHangs -HeartbeatGraceSeconds $HeartbeatGraceSeconds -PollSeconds $PollSeconds
            if ($outcome.Kind -eq 'Completed' -and $outcome.ExitCode -ne 3) {
                Write-ConformanceLine "the suite finished in the guest (exit $($outcome.ExitCode))"
                $null = Save-ConformanceGuestState -Session $connection.Session -GuestResultsPath $guestResults -ResultsPath $ResultsPath
                $latest = Join-Path $ResultsPath 'latest/report.html'
                Write-ConformanceLine ((Test-Path -LiteralPath $latest) ? "report: $latest" : "no report came back from the guest (see $ResultsPath).")
                return $outcome.ExitCode
            }

            $restarts++
            Write-ConformanceLine "the run was interrupted in the guest ($($outcome.Reason ?? 'exit 3: a call hung')); recovery $restarts of at most $MaxGuestRestarts"
            if ($restarts -gt $MaxGuestRestarts) {
                throw "The guest of VM '$VMName' was lost more than $MaxGuestRestarts times; giving up (-MaxGuestRestarts). Results copied so far are in $ResultsPath."
            }

            $kind = $outcome.Kind
            $caseId = $outcome.CaseId
            if ($kind -eq 'Completed') {
                # Exit code 3: the CLI's watchdog saw a call hang and wrote hang.txt before exiting.
                $kind = 'Hung'
                $caseId = Get-ConformanceHangCase -Session $connection.WatchSession -GuestResultsPath $guestResults -Handled $handledHangs
            }
            elseif ($kind -eq 'Lost') {
                Remove-ConformanceGuestJob -Job $job
                $job = $null
                Disconnect-ConformanceGuest -Connection $connection
                $previousBoot = $connection.BootTime
                $connection = $null
                $lost = Resolve-ConformanceLostGuest @wait -PreviousBootTime $previousBoot -GuestResultsPath $guestResults -HandledHangCase $handledHangs
                $connection = $lost.Connection
                $kind = $lost.Kind
                $caseId = $lost.CaseId
            }

            if ($kind -eq 'Hung') {
                Write-ConformanceLine "a call hung in the guest ($($caseId ?? 'case not named')); getting a crash dump through an NMI"
                if ($caseId) { $handledHangs.Add($caseId) }
                $hungConnection = $connection
                $connection = $null
                $connection = Invoke-ConformanceHangDump -Connection $hungConnection -Job $job @wait -GuestResultsPath $guestResults -ResultsPath $ResultsPath
                $job = $null
                $kind = 'Crashed'
            }

            Remove-ConformanceGuestJob -Job $job
            $job = $null
            if ($kind -eq 'Crashed') {
                Write-ConformanceLine 'the guest rebooted from a crash'
                $null = Wait-ConformanceBugCheckEvent -Session $connection.Session -TimeoutSeconds $BugCheckTimeoutSeconds -RetrySeconds $RetrySeconds
                $null = Save-ConformanceGuestState -Session $connection.Session -GuestResultsPath $guestResults -ResultsPath $ResultsPath -DumpLabel "crash-$restarts"
            }
            else {
                Write-ConformanceLine 'the guest did not reboot; only the session to it broke'
                $null = Save-ConformanceGuestState -Session $connection.Session -GuestResultsPath $guestResults -ResultsPath $ResultsPath
            }

            $resumeFrom = @(Get-ConformanceGuestRunFolder -Session $connection.Session -GuestResultsPath $guestResults) | Select-Object -Last 1
            Write-ConformanceLine ($resumeFrom ? "resuming the run from its journal ($resumeFrom)" : 'the guest had not written a journal yet; starting the run again')
        }
    }
    catch {
        # The run's session may still be busy with the CLI; the watch session is free.
        $free = $connection ? ($connection.WatchSession ?? $connection.Session) : $null
        if ($free -and [string]$free.State -eq 'Opened') {
            $null = Save-ConformanceGuestState -Session $free -GuestResultsPath $guestResults -ResultsPath $ResultsPath -DumpLabel 'on-error'
        }

        throw
    }
    finally {
        Remove-ConformanceGuestJob -Job $job
        Disconnect-ConformanceGuest -Connection $connection
        try {
            Stop-ConformanceVM -VMName $VMName
        }
        catch {
            Write-Warning "run-suite: could not turn VM '$VMName' off: $($_.Exception.Message)"
        }
    }
}
