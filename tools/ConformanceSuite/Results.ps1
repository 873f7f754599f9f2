# The local results folder: where it is, where the report is, and the run folders copied back from
# the guest (added to, never deleted from).

function Resolve-ConformanceResultsPath {
    <#
    .SYNOPSIS
        The absolute results folder: -ResultsPath relative to the current folder, else results/.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [string] $ResultsPath
    )

    if (-not $ResultsPath) {
        return (Join-Path $RepositoryRoot 'results')
    }

    $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ResultsPath)
}

function Write-ConformanceReportLocation {
    <#
    .SYNOPSIS
        Tells where the report of the run is: <ResultsPath>/latest/report.html when latest points
        at it, else the path the CLI printed.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $ResultsPath, [string] $CliReport)

    $latest = Join-Path $ResultsPath 'latest/report.html'
    if ($CliReport -and (Test-Path -LiteralPath $latest)) {
        Write-ConformanceLine "report: $latest"
    }
    elseif ($CliReport) {
        Write-ConformanceLine "report: $CliReport"
    }
    else {
        Write-ConformanceLine 'no report was written (the messages above say why).'
    }
}

function Set-ConformanceLatestLink {
    <#
    .SYNOPSIS
        Points <ResultsPath>/latest at a run folder (a junction on Windows: no privilege needed).
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)] [string] $ResultsPath, [Parameter(Mandatory)] [string] $RunId)

    $latest = Join-Path $ResultsPath 'latest'
    $target = Join-Path $ResultsPath $RunId
    if (-not $PSCmdlet.ShouldProcess($latest, "point at $RunId")) {
        return
    }

    if (Test-Path -LiteralPath $latest) {
        $item = Get-Item -LiteralPath $latest -Force
        if ($item.LinkType) { $item.Delete() } else { Remove-Item -LiteralPath $latest -Recurse -Force }
    }

    $null = New-Item -ItemType ($IsWindows ? 'Junction' : 'SymbolicLink') -Path $latest -Target $target
}

function Get-ConformanceGuestRunFolder {
    <#
    .SYNOPSIS
        The guest's run folders under its results root (those with a journal), oldest first.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] $Session, [Parameter(Mandatory)] [string] $GuestResultsPath)

    @(Invoke-Command -Session $Session -ErrorAction Stop -ArgumentList $GuestResultsPath -ScriptBlock {
            # guest:run-folders
            param($ResultsRoot)
            Get-ChildItem -LiteralPath $ResultsRoot -Directory -ErrorAction SilentlyContinue |
                Where-Object { $_.Name -ne 'latest' -and (Test-Path -Path (Join-Path $_.FullName 'journal.txt*')) } |
                Sort-Object -Property CreationTimeUtc |
                ForEach-Object { $_.FullName }
        }) | ForEach-Object { [string]$_ }
}

function Copy-ConformanceResult {
    <#
    .SYNOPSIS
        Copies every run folder of the guest's results root into the local results folder (adding
        to what is there, never deleting) and points latest at the newest; returns the run ids.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] [string] $GuestResultsPath,
        [Parameter(Mandatory)] [string] $ResultsPath
    )

    $null = New-Item -ItemType Directory -Path $ResultsPath -Force
    $runIds = @()
    foreach ($folder in @(Get-ConformanceGuestRunFolder -Session $Session -GuestResultsPath $GuestResultsPath)) {
        $runId = ($folder -split '[\\/]')[-1]
        Write-ConformanceLine "copying results $runId from the guest to $ResultsPath"
        $null = Copy-Item -Path $folder -Destination $ResultsPath -FromSession $Session -Recurse -Force -ErrorAction Stop
        $runIds += $runId
    }

    if ($runIds.Count -gt 0) {
        Set-ConformanceLatestLink -ResultsPath $ResultsPath -RunId $runIds[-1]
    }

    $runIds
}

function Save-ConformanceGuestState {
    <#
    .SYNOPSIS
        Copies the results the guest holds now and, with -DumpLabel, its crash dumps (into
        <run>/dumps/<label>); warns instead of failing, so a problem here never hides the run's own
        outcome. Returns the run ids copied.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] [string] $GuestResultsPath,
        [Parameter(Mandatory)] [string] $ResultsPath,
        [string] $DumpLabel
    )

    $runIds = @()
    try {
        $runIds = @(Copy-ConformanceResult -Session $Session -GuestResultsPath $GuestResultsPath -ResultsPath $ResultsPath)
    }
    catch {
        Write-Warning "$($script:ConformanceTool): could not copy results from the guest: $($_.Exception.Message)"
    }

    if (-not $DumpLabel) {
        return $runIds
    }

    try {
        $dumpFolder = $runIds.Count -gt 0 ? (Join-Path $ResultsPath $runIds[-1] 'dumps' $DumpLabel) : (Join-Path $ResultsPath 'dumps' $DumpLabel)
        $null = Copy-ConformanceCrashDump -Session $Session -Destination $dumpFolder
    }
    catch {
        Write-Warning "$($script:ConformanceTool): could not copy crash dumps from the guest: $($_.Exception.Message)"
    }

    $runIds
}
