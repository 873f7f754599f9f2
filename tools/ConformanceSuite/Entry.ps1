# The two entries: run-suite.ps1 and prepare-vm.ps1 hand their bound parameters to
# Invoke-ConformanceSuite and Invoke-ConformanceVmPreparation, which check them (Parameters.ps1 and
# Assert-ConformanceParameter), pick the mode, and turn every outcome into the script's exit code.

function Write-ConformanceLine {
    <#
    .SYNOPSIS
        Writes one status line, prefixed with the tool that runs ("run-suite: ..." or "prepare-vm: ...").
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Message)

    Write-Host "$($script:ConformanceTool): $Message"
}

function New-ConformanceUsageError {
    <#
    .SYNOPSIS
        An error record for a bad combination of parameters (the scripts exit 2 on it).
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param([Parameter(Mandatory)] [string] $Message)

    [System.Management.Automation.ErrorRecord]::new(
        [System.ArgumentException]::new($Message), 'ConformanceUsage', 'InvalidArgument', $null)
}

function ConvertTo-ConformanceExitCode {
    <#
    .SYNOPSIS
        Writes an error that stopped a script to ErrorWriter and returns its exit code: 2 for a
        usage error, 3 when the work could not run (missing tools, VM or guest problems).
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord,
        [Parameter(Mandatory)] [System.IO.TextWriter] $ErrorWriter,
        [Parameter(Mandatory)] [string] $HelpCommand
    )

    if ($ErrorRecord.FullyQualifiedErrorId -like 'ConformanceUsage*') {
        # One line: what is wrong and the fix, then where the full story is.
        $ErrorWriter.WriteLine("$($script:ConformanceTool): $($ErrorRecord.Exception.Message.TrimEnd('.')) (help: $HelpCommand)")
        return 2
    }

    $ErrorWriter.WriteLine("$($script:ConformanceTool): error: $($ErrorRecord.Exception.Message)")
    3
}

function Test-ConformancePlainOutput {
    <#
    .SYNOPSIS
        True when the scripts must print plain text, without ANSI colour codes: standard output or
        error is redirected (a pipe or a file, where the codes are noise in CI logs), NO_COLOR is
        set (https://no-color.org), or TERM is dumb.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [bool] $OutputRedirected = [Console]::IsOutputRedirected,
        [bool] $ErrorRedirected = [Console]::IsErrorRedirected,
        [string] $NoColor = $env:NO_COLOR,
        [string] $Terminal = $env:TERM
    )

    $OutputRedirected -or $ErrorRedirected -or -not [string]::IsNullOrEmpty($NoColor) -or $Terminal -eq 'dumb'
}

function Set-ConformanceOutputRendering {
    <#
    .SYNOPSIS
        Makes PowerShell's own output (warnings, errors, table headers) plain text when
        Test-ConformancePlainOutput says so; returns the rendering it replaced.

    .DESCRIPTION
        A script run as `pwsh -File` colours warnings, errors and table headers even when its
        output goes to a pipe or a file. On a terminal colours stay. The caller puts the returned
        value back when it is done, so that a session that called the script keeps its own setting.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([string])]
    param()

    $previous = [string]$PSStyle.OutputRendering
    if ((Test-ConformancePlainOutput) -and $PSCmdlet.ShouldProcess('$PSStyle.OutputRendering', 'set to PlainText')) {
        $PSStyle.OutputRendering = 'PlainText'
    }

    $previous
}

function Assert-ConformanceParameter {
    <#
    .SYNOPSIS
        Checks the combinations of run-suite parameters that attributes cannot express; throws a
        usage error.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Mode,
        [Parameter(Mandatory)] [hashtable] $BoundParameters
    )

    $hyperVOnly = 'VMName', 'CheckpointName', 'GuestCredential', 'GuestWorkingDirectory', 'GuestTimeoutSeconds',
        'HeartbeatGraceSeconds', 'MaxGuestRestarts', 'BugCheckTimeoutSeconds'
    if ($Mode -ne 'HyperV') {
        foreach ($name in $hyperVOnly) {
            if ($BoundParameters.ContainsKey($name)) {
                throw (New-ConformanceUsageError "-$name is used with -Mode HyperV only (the mode is $Mode).")
            }
        }
    }

    if ($Mode -eq 'HyperV' -and $BoundParameters.ContainsKey('ScenariosPath')) {
        throw (New-ConformanceUsageError '-ScenariosPath is for Simulator and Windows modes: HyperV mode sends the repository''s scenarios/ to the guest.')
    }

    if ($Mode -eq 'HyperV' -and $BoundParameters.ContainsKey('Resume')) {
        throw (New-ConformanceUsageError '-Resume is for Simulator and Windows modes: HyperV mode resumes from the journal by itself after each lost guest.')
    }

    if ($Mode -eq 'Simulator') {
        # The Windows target's options: the simulator opens its own device and has no watchdog to set.
        foreach ($name in 'DevicePath', 'DriverPath', 'CallTimeoutMs') {
            if ($BoundParameters.ContainsKey($name)) {
                throw (New-ConformanceUsageError "-$name is used with -Mode Windows or -Mode HyperV only.")
            }
        }
    }

    if ($Mode -eq 'HyperV') {
        if (-not $BoundParameters.ContainsKey('VMName')) {
            throw (New-ConformanceUsageError '-Mode HyperV needs -VMName: the name of the test VM on this host (Get-VM lists them).')
        }

        if (-not $BoundParameters.ContainsKey('GuestCredential')) {
            throw (New-ConformanceUsageError '-Mode HyperV needs -GuestCredential: an administrator of the guest (PowerShell Direct needs explicit credentials), e.g. -GuestCredential (Get-Credential).')
        }
    }

    if ($BoundParameters['Coverage']) {
        if ($Mode -ne 'Simulator') {
            throw (New-ConformanceUsageError '-Coverage runs in Simulator mode only (the simulator runs a coverage build of the driver; docs/coverage.md).')
        }

        if ($BoundParameters['SelfCheck']) {
            throw (New-ConformanceUsageError '-Coverage measures one run; leave out -SelfCheck.')
        }
    }

    if ($BoundParameters['SelfCheck']) {
        if ($Mode -ne 'Simulator') {
            throw (New-ConformanceUsageError '-SelfCheck runs in Simulator mode only (it needs the seeded defect variants of the reference driver).')
        }

        if ($BoundParameters.ContainsKey('DefectVariant')) {
            throw (New-ConformanceUsageError '-SelfCheck runs every defect variant itself; leave out -DefectVariant.')
        }

        if ($BoundParameters.ContainsKey('Resume')) {
            throw (New-ConformanceUsageError '-SelfCheck starts its runs afresh; -Resume continues one conformance run.')
        }
    }
}

function Invoke-ConformanceSuite {
    <#
    .SYNOPSIS
        The body of run-suite.ps1: runs the mode its parameters ask for and returns the script's
        exit code.

    .DESCRIPTION
        Simulator and Windows modes run the CLI here (Invoke-ConformanceLocalRun); HyperV mode
        publishes the CLI for win-x64 and drives the test VM (Invoke-ConformanceHyperVRun).
        Returns the CLI's exit code (0 passed, 1 findings or errors, 130 interrupted, others passed
        through), 2 for a usage error, 3 when the suite could not run. The HyperV path has not yet
        run on Windows/Hyper-V: it is tested with mocked cmdlets on Linux.

    .PARAMETER RepositoryRoot
        The repository (run-suite.ps1's folder).

    .PARAMETER BoundParameters
        run-suite.ps1's $PSBoundParameters.

    .PARAMETER ErrorWriter
        Where usage errors and failures are written (standard error by default).
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [Parameter(Mandatory)] [hashtable] $BoundParameters,
        [System.IO.TextWriter] $ErrorWriter = [Console]::Error
    )

    $script:ConformanceTool = 'run-suite'
    $rendering = Set-ConformanceOutputRendering -WhatIf:$false
    try {
        $p = ConvertTo-ConformanceParameter -Tool 'run-suite' -BoundParameters $BoundParameters
        $mode = $p['Mode'] ?? 'Simulator'
        $configuration = $p['Configuration'] ?? 'Release'
        $variant = $p.ContainsKey('DefectVariant') ? [Nullable[int]]$p['DefectVariant'] : $null
        $callTimeout = $p.ContainsKey('CallTimeoutMs') ? [Nullable[int]]$p['CallTimeoutMs'] : $null
        Assert-ConformanceParameter -Mode $mode -BoundParameters $p
        $results = Resolve-ConformanceResultsPath -RepositoryRoot $RepositoryRoot -ResultsPath $p['ResultsPath']
        if ($mode -ne 'HyperV') {
            return Invoke-ConformanceLocalRun -Mode $mode -RepositoryRoot $RepositoryRoot -ResultsPath $results -Configuration $configuration `
                -ScenariosPath $p['ScenariosPath'] -Filter $p['Filter'] -DefectVariant $variant -DevicePath $p['DevicePath'] -DriverPath $p['DriverPath'] `
                -CallTimeoutMs $callTimeout -Resume $p['Resume'] -SelfCheck:([bool]$p['SelfCheck']) -NoBuild:([bool]$p['NoBuild']) `
                -Coverage:([bool]$p['Coverage'])
        }

        Assert-ConformanceHyperV
        $driver = $p['DriverPath'] ?? (Join-Path $RepositoryRoot "driver-under-test/build/windows/x64/$configuration/ConformanceSample.sys")
        $cli = Publish-ConformanceCli -RepositoryRoot $RepositoryRoot
        $hyperV = @{
            RepositoryRoot  = $RepositoryRoot
            ResultsPath     = $results
            VMName          = $p['VMName']
            GuestCredential = $p['GuestCredential']
            CliPublishPath  = $cli
            DriverPath      = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($driver)
            CheckpointName  = $p['CheckpointName']
            Filter          = $p['Filter']
            DefectVariant   = $variant
            DevicePath      = $p['DevicePath']
            CallTimeoutMs   = $callTimeout
        }
        foreach ($name in 'GuestWorkingDirectory', 'GuestTimeoutSeconds', 'HeartbeatGraceSeconds', 'MaxGuestRestarts', 'BugCheckTimeoutSeconds') {
            if ($p.ContainsKey($name)) { $hyperV[$name] = $p[$name] }
        }

        return Invoke-ConformanceHyperVRun @hyperV
    }
    catch {
        ConvertTo-ConformanceExitCode -ErrorRecord $_ -ErrorWriter $ErrorWriter -HelpCommand 'Get-Help ./run-suite.ps1 -Full'
    }
    finally {
        $PSStyle.OutputRendering = $rendering
    }
}

function Invoke-ConformanceVmPreparation {
    <#
    .SYNOPSIS
        The body of prepare-vm.ps1: prepares the test VM and returns the script's exit code.

    .DESCRIPTION
        Runs Initialize-ConformanceVM and returns 0 when every setting is right (OK, changed, or
        with -WhatIf "would change"), 1 when a setting is FAILED, 2 for a usage error, 3 when the
        preparation could not run (no Hyper-V, no such VM, the guest does not answer). Not yet run
        on Windows/Hyper-V: tested with mocked cmdlets on Linux.

    .PARAMETER BoundParameters
        prepare-vm.ps1's $PSBoundParameters (-WhatIf included).

    .PARAMETER ErrorWriter
        Where failures are written (standard error by default).
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] [hashtable] $BoundParameters,
        [System.IO.TextWriter] $ErrorWriter = [Console]::Error
    )

    $script:ConformanceTool = 'prepare-vm'
    $rendering = Set-ConformanceOutputRendering -WhatIf:$false
    try {
        # prepare-vm.ps1's parameters are Initialize-ConformanceVM's, by name.
        $preparation = ConvertTo-ConformanceParameter -Tool 'prepare-vm' -BoundParameters $BoundParameters
        if (-not $preparation.ContainsKey('VMName')) {
            throw (New-ConformanceUsageError '-VMName is required: the test VM on this host (Get-VM lists them).')
        }

        if (-not $preparation.ContainsKey('GuestCredential')) {
            throw (New-ConformanceUsageError '-GuestCredential is required: an administrator of the guest (PowerShell Direct needs explicit credentials), e.g. -GuestCredential (Get-Credential).')
        }

        Assert-ConformanceHyperV
        $rows = @(Initialize-ConformanceVM @preparation)
    }
    catch {
        return (ConvertTo-ConformanceExitCode -ErrorRecord $_ -ErrorWriter $ErrorWriter -HelpCommand 'Get-Help ./prepare-vm.ps1 -Full')
    }
    finally {
        $PSStyle.OutputRendering = $rendering
    }

    $failed = @($rows | Where-Object Result -EQ 'FAILED')
    if ($failed.Count -gt 0) {
        $ErrorWriter.WriteLine("prepare-vm: $($failed.Count) setting(s) FAILED: $(($failed | ForEach-Object Setting) -join ', '); the VM is not ready for the suite.")
        return 1
    }

    0
}
