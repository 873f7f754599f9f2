# The payload of a Hyper-V run: the published CLI, the scenarios and the driver's .sys, zipped on the
# host and sent to the guest as one file. One file because copying a folder of a few hundred files
# over PowerShell Direct costs a round trip per file; the guest expands it in one step.
#
# Guest layout under the working folder (the CLI's --root there):
#   cli\conformance.exe ...   scenarios\...   driver\<name>.sys   results\<run-id>\ (written by the CLI)

function New-ConformancePayload {
    <#
    .SYNOPSIS
        Zips the published CLI, the repository's scenarios and the driver into
        <ArtifactsPath>/payload.zip (top folders cli, scenarios, driver) and returns its path.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [Parameter(Mandatory)] [string] $ArtifactsPath,
        [Parameter(Mandatory)] [string] $CliPublishPath,
        [Parameter(Mandatory)] [string] $DriverPath
    )

    $staging = Join-Path $ArtifactsPath 'payload'
    if (Test-Path -LiteralPath $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }
    $null = New-Item -ItemType Directory -Path (Join-Path $staging 'driver') -Force
    # The archive's top folders take the names of the folders given to Compress-Archive.
    Copy-Item -LiteralPath $CliPublishPath -Destination (Join-Path $staging 'cli') -Recurse
    Copy-Item -LiteralPath (Join-Path $RepositoryRoot 'scenarios') -Destination (Join-Path $staging 'scenarios') -Recurse
    Copy-Item -LiteralPath $DriverPath -Destination (Join-Path $staging 'driver')

    $archive = Join-Path $ArtifactsPath 'payload.zip'
    Write-ConformanceLine "zipping the CLI, the scenarios and $(Split-Path -Leaf $DriverPath) into $archive"
    Compress-Archive -Path (Join-Path $staging '*') -DestinationPath $archive -Force
    $archive
}

function Copy-ConformancePayload {
    <#
    .SYNOPSIS
        Sends the payload archive to the guest as one file and expands it into the guest working
        folder, replacing the cli, scenarios, driver and results folders of an earlier run.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] [string] $ArchivePath,
        [Parameter(Mandatory)] [string] $GuestWorkingDirectory
    )

    $guestArchive = Join-ConformanceGuestPath $GuestWorkingDirectory 'payload.zip'
    $null = Invoke-Command -Session $Session -ErrorAction Stop -ArgumentList $GuestWorkingDirectory -ScriptBlock {
        # guest:prepare-folder (Windows PowerShell 5.1 in the guest: no ternaries, no ??)
        param($WorkingDirectory)
        $null = New-Item -ItemType Directory -Path $WorkingDirectory -Force
    }

    Write-ConformanceLine "copying the payload to the guest ($guestArchive)"
    $null = Copy-Item -Path $ArchivePath -Destination $guestArchive -ToSession $Session -Force -ErrorAction Stop

    $null = Invoke-Command -Session $Session -ErrorAction Stop -ArgumentList $GuestWorkingDirectory, $guestArchive -ScriptBlock {
        # guest:expand-payload
        param($WorkingDirectory, $Archive)
        foreach ($name in 'cli', 'scenarios', 'driver', 'results') {
            $folder = Join-Path $WorkingDirectory $name
            if (Test-Path -LiteralPath $folder) { Remove-Item -LiteralPath $folder -Recurse -Force }
        }

        Expand-Archive -LiteralPath $Archive -DestinationPath $WorkingDirectory -Force
        Remove-Item -LiteralPath $Archive -Force
    }
}

function Join-ConformanceGuestPath {
    <#
    .SYNOPSIS
        Joins path parts with the guest's separator (the guest is Windows, whatever the host is).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string[]] $ChildPath)

    (@($Path.TrimEnd('\', '/')) + $ChildPath) -join '\'
}
