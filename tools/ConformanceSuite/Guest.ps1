# The guest: PowerShell Direct sessions, its boot time (a new one means it rebooted), the System log
# event that says a crash dump is saved, the dumps themselves and the CLI's hang marker. Not yet run
# on Windows/Hyper-V: tested with mocked cmdlets on Linux. Script blocks sent to the guest run in its
# Windows PowerShell 5.1 (no ternaries, no ??); each starts with a "# guest:<name>" comment that
# names it in logs and in the tests' fake guest.

function Test-ConformanceCredentialError {
    <#
    .SYNOPSIS
        True when a New-PSSession failure is about the logon itself (retrying would not help).
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord)

    $ErrorRecord.Exception.Message -match 'credential is invalid|user name or password|logon failure|access is denied'
}

function Wait-ConformanceGuest {
    <#
    .SYNOPSIS
        Waits until the guest answers (VM running, heartbeat, PowerShell Direct logon) and returns
        a new session. Starts the VM when it is off. Throws after TimeoutSeconds, and at once on
        bad credentials.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [pscredential] $Credential,
        [int] $TimeoutSeconds = 600,
        [int] $RetrySeconds = 10
    )

    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    Write-ConformanceLine "waiting for the guest of '$VMName' (up to $TimeoutSeconds s)"
    $lastProblem = 'no answer yet'
    while ($true) {
        $remaining = $TimeoutSeconds - $clock.Elapsed.TotalSeconds
        if ($remaining -le 0) {
            throw "The guest of VM '$VMName' did not come back within $TimeoutSeconds s (last problem: $lastProblem). Check the VM console; results copied so far are kept."
        }

        $vm = Get-ConformanceVM -VMName $VMName
        if ([string]$vm.State -in 'Off', 'Saved') {
            # A bugcheck with AutoReboot off, or a VM turned off by hand: boot it again.
            $null = Start-VM -Name $VMName -ErrorAction Stop
        }

        try {
            $null = Wait-VM -Name $VMName -For Heartbeat -Timeout ([int][Math]::Max(1, [Math]::Ceiling([Math]::Min($remaining, 60)))) -ErrorAction Stop
        }
        catch {
            $lastProblem = "no heartbeat: $($_.Exception.Message)"
            Start-Sleep -Seconds $RetrySeconds
            continue
        }

        try {
            $session = New-PSSession -VMName $VMName -Credential $Credential -ErrorAction Stop
            Write-ConformanceLine "the guest answered after $([int]$clock.Elapsed.TotalSeconds) s"
            return $session
        }
        catch {
            if (Test-ConformanceCredentialError -ErrorRecord $_) {
                throw "The guest of VM '$VMName' rejected the logon of '$($Credential.UserName)': $($_.Exception.Message) Pass -GuestCredential of an administrator of the guest (and run as a Hyper-V administrator on the host)."
            }

            # The OS is still booting (PowerShell Direct: "A remote session might have ended").
            $lastProblem = $_.Exception.Message
            Start-Sleep -Seconds $RetrySeconds
        }
    }
}

function Get-ConformanceGuestBootTime {
    <#
    .SYNOPSIS
        When the guest's OS last booted; a different answer later means the guest rebooted.
    #>
    [CmdletBinding()]
    [OutputType([datetime])]
    param([Parameter(Mandatory)] $Session)

    $boot = Invoke-Command -Session $Session -ErrorAction Stop -ScriptBlock {
        # guest:boot-time
        (Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime
    }
    [datetime]$boot
}

function Remove-ConformanceSession {
    <#
    .SYNOPSIS
        Closes PowerShell Direct sessions, ignoring those that are missing or already broken.
    #>
    [CmdletBinding()]
    param([object[]] $Session)

    foreach ($one in @($Session | Where-Object { $_ })) {
        # Closing a session this module opened changes nothing on the VM: -WhatIf does not apply.
        $null = Remove-PSSession -Session $one -WhatIf:$false -ErrorAction SilentlyContinue
    }
}

function Connect-ConformanceGuest {
    <#
    .SYNOPSIS
        Waits for the guest and returns a connection: Session, BootTime and, with -Watch, a second
        session (WatchSession) that can look at the guest while Session runs the suite.

    .DESCRIPTION
        With -AfterBootTime the guest must have booted since: a guest that still answers with the
        old boot time has not gone down yet (an NMI or a restart takes a moment), so its session is
        closed and the wait goes on, within the same TimeoutSeconds.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [pscredential] $Credential,
        [int] $TimeoutSeconds = 600,
        [int] $RetrySeconds = 10,
        [Nullable[datetime]] $AfterBootTime,
        [switch] $Watch
    )

    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    while ($true) {
        $remaining = [int][Math]::Ceiling($TimeoutSeconds - $clock.Elapsed.TotalSeconds)
        if ($remaining -le 0) {
            throw "The guest of VM '$VMName' did not reboot within $TimeoutSeconds s (it still reports the boot of $AfterBootTime). Check the VM console; results copied so far are kept."
        }

        $session = Wait-ConformanceGuest -VMName $VMName -Credential $Credential -TimeoutSeconds $remaining -RetrySeconds $RetrySeconds
        $bootTime = Get-ConformanceGuestBootTime -Session $session
        if ($null -eq $AfterBootTime -or $bootTime -ne $AfterBootTime) {
            break
        }

        Remove-ConformanceSession -Session $session
        Start-Sleep -Seconds $RetrySeconds
    }

    $watchSession = $Watch ? (New-PSSession -VMName $VMName -Credential $Credential -ErrorAction Stop) : $null
    [pscustomobject]@{ Session = $session; WatchSession = $watchSession; BootTime = $bootTime }
}

function Disconnect-ConformanceGuest {
    <#
    .SYNOPSIS
        Closes the sessions of a guest connection (none is an error: the guest may be gone).
    #>
    [CmdletBinding()]
    param($Connection)

    if ($Connection) {
        Remove-ConformanceSession -Session $Connection.Session, $Connection.WatchSession
    }
}

function Wait-ConformanceBugCheckEvent {
    <#
    .SYNOPSIS
        Waits until the guest's System log holds event 1001 (BugCheck: "The computer has rebooted
        from a bugcheck") since its last boot, which Windows writes once the crash dump is saved;
        returns the event's message, or nothing (with a warning) after TimeoutSeconds.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] $Session,
        [int] $TimeoutSeconds = 600,
        [int] $RetrySeconds = 10
    )

    Write-ConformanceLine "waiting for the guest's BugCheck event 1001 (the crash dump is saved then; up to $TimeoutSeconds s)"
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    while ($clock.Elapsed.TotalSeconds -lt $TimeoutSeconds) {
        $message = Invoke-Command -Session $Session -ErrorAction Stop -ScriptBlock {
            # guest:bugcheck-event
            $boot = (Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime
            Get-WinEvent -FilterHashtable @{ LogName = 'System'; Id = 1001; StartTime = $boot } -ErrorAction SilentlyContinue |
                Where-Object { $_.ProviderName -match 'WER-SystemErrorReporting|BugCheck' } |
                Select-Object -First 1 |
                ForEach-Object { $_.Message }
        }
        if ($message) {
            Write-ConformanceLine "guest: $message"
            return [string]$message
        }

        Start-Sleep -Seconds $RetrySeconds
    }

    Write-Warning "$($script:ConformanceTool): no BugCheck event 1001 in the guest's System log within $TimeoutSeconds s: the dump may not have been written (CrashControl settings: ./prepare-vm.ps1). Going on without waiting longer."
}

function Copy-ConformanceCrashDump {
    <#
    .SYNOPSIS
        Moves the guest's crash dumps (MEMORY.DMP, Minidump\*.dmp) into a local folder, so the
        next crash cannot overwrite them; returns the local paths.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] $Session, [Parameter(Mandatory)] [string] $Destination)

    $dumps = @(Invoke-Command -Session $Session -ErrorAction Stop -ScriptBlock {
            # guest:crash-dumps
            $found = @(Join-Path $env:SystemRoot 'MEMORY.DMP')
            $found += @(Get-ChildItem -Path (Join-Path $env:SystemRoot 'Minidump') -Filter '*.dmp' -File -ErrorAction SilentlyContinue | ForEach-Object { $_.FullName })
            $found | Where-Object { Test-Path -LiteralPath $_ }
        })
    if ($dumps.Count -eq 0) {
        return
    }

    $null = New-Item -ItemType Directory -Path $Destination -Force
    foreach ($dump in $dumps) {
        $name = ($dump -split '[\\/]')[-1]
        Write-ConformanceLine "copying crash dump $dump to $Destination"
        $null = Copy-Item -Path $dump -Destination (Join-Path $Destination $name) -FromSession $Session -Force -ErrorAction Stop
        $null = Invoke-Command -Session $Session -ErrorAction Stop -ArgumentList $dump -ScriptBlock {
            # guest:remove-dump
            param($Path)
            Remove-Item -LiteralPath $Path -Force
        }
        Join-Path $Destination $name
    }
}

function Get-ConformanceHangCase {
    <#
    .SYNOPSIS
        The case id of a new hang: the CLI writes hang.txt (the case id) into its run folder when a
        call hangs, before it tries to exit (its caller thread is stuck in the kernel, so it may
        never exit). Cases in Handled were dealt with already (a resumed run keeps its folder, and
        the old hang.txt with it); nothing is returned when there is no new one.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] [string] $GuestResultsPath,
        [string[]] $Handled = @()
    )

    @(Invoke-Command -Session $Session -ErrorAction Stop -ArgumentList $GuestResultsPath -ScriptBlock {
            # guest:hang-case
            param($ResultsRoot)
            Get-ChildItem -LiteralPath $ResultsRoot -Directory -ErrorAction SilentlyContinue | ForEach-Object {
                $marker = Join-Path $_.FullName 'hang.txt'
                if (Test-Path -LiteralPath $marker) { (Get-Content -LiteralPath $marker -Raw).Trim() }
            }
        }) | Where-Object { $_ -and [string]$_ -notin $Handled } | Select-Object -First 1 | ForEach-Object { [string]$_ }
}

function Restart-ConformanceGuest {
    <#
    .SYNOPSIS
        Restarts the guest OS (a clean restart, not a reset) and returns a new connection once it
        has booted again.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Connection,
        [Parameter(Mandatory)] [string] $VMName,
        [Parameter(Mandatory)] [pscredential] $Credential,
        [int] $TimeoutSeconds = 600,
        [int] $RetrySeconds = 10
    )

    Write-ConformanceLine "restarting the guest of '$VMName'"
    try {
        $null = Invoke-Command -Session $Connection.Session -ErrorAction Stop -ScriptBlock {
            # guest:restart
            Restart-Computer -Force
        }
    }
    catch {
        # The session may break while the guest goes down; the new boot time below is the proof.
        Write-Verbose "the restart command ended with: $($_.Exception.Message)"
    }

    Disconnect-ConformanceGuest -Connection $Connection
    Connect-ConformanceGuest -VMName $VMName -Credential $Credential -TimeoutSeconds $TimeoutSeconds -RetrySeconds $RetrySeconds `
        -AfterBootTime $Connection.BootTime
}
