# Stand-ins for what cannot run on Linux: the Hyper-V cmdlets (they exist only on a Windows host with
# the Hyper-V module) and Copy-Item to or from a PowerShell Direct session. They declare the
# parameters the module uses so that Pester can mock them; an unmocked call fails loudly.

$null = New-Module -Name HyperVStubs -ScriptBlock {
    function Get-VM { [CmdletBinding()] param([string[]] $Name) throw 'Get-VM is a test stub: mock it.' }
    function Start-VM { [CmdletBinding()] param([string[]] $Name) throw 'Start-VM is a test stub: mock it.' }
    function Stop-VM { [CmdletBinding(SupportsShouldProcess)] param([string[]] $Name, [switch] $TurnOff, [switch] $Force) throw 'Stop-VM is a test stub: mock it.' }
    function Wait-VM { [CmdletBinding()] param([string[]] $Name, [string] $For, [int] $Timeout) throw 'Wait-VM is a test stub: mock it.' }
    function Restore-VMCheckpoint { [CmdletBinding(SupportsShouldProcess)] param([string[]] $VMName, [string] $Name) throw 'Restore-VMCheckpoint is a test stub: mock it.' }
    function Checkpoint-VM { [CmdletBinding(SupportsShouldProcess)] param([string[]] $Name, [string] $SnapshotName) throw 'Checkpoint-VM is a test stub: mock it.' }
    function Get-VMCheckpoint { [CmdletBinding()] param([string[]] $VMName, [string] $Name) throw 'Get-VMCheckpoint is a test stub: mock it.' }
    function Remove-VMCheckpoint { [CmdletBinding(SupportsShouldProcess)] param([Parameter(ValueFromPipeline)] $VMSnapshot) process { throw 'Remove-VMCheckpoint is a test stub: mock it.' } }
    function Get-VMIntegrationService { [CmdletBinding()] param([string[]] $VMName, [string[]] $Name) throw 'Get-VMIntegrationService is a test stub: mock it.' }
    function Enable-VMIntegrationService { [CmdletBinding(SupportsShouldProcess)] param([string[]] $VMName, [string[]] $Name) throw 'Enable-VMIntegrationService is a test stub: mock it.' }
    function Debug-VM { [CmdletBinding(SupportsShouldProcess)] param([string[]] $Name, [switch] $InjectNonMaskableInterrupt, [switch] $Force) throw 'Debug-VM is a test stub: mock it.' }
    function Get-VMFirmware { [CmdletBinding()] param([string[]] $VMName) throw 'Get-VMFirmware is a test stub: mock it.' }
    function Set-VMFirmware { [CmdletBinding()] param([string[]] $VMName, [string] $EnableSecureBoot) throw 'Set-VMFirmware is a test stub: mock it.' }
    function Get-VMProcessor { [CmdletBinding()] param([string[]] $VMName) throw 'Get-VMProcessor is a test stub: mock it.' }
    function Set-VMProcessor { [CmdletBinding()] param([string[]] $VMName, [long] $Count) throw 'Set-VMProcessor is a test stub: mock it.' }
    Export-ModuleMember -Function *
} | Import-Module -Global -Force

# Copy-Item is a provider cmdlet: Pester's mock of it still binds -ToSession/-FromSession as a real
# PSSession, which cannot be made here. This stand-in, defined inside the module (where a function
# wins over the cmdlet), takes the fake sessions; tests mock it, and pass local copies through.
InModuleScope ConformanceSuite {
    function script:Copy-Item {
        [CmdletBinding()]
        param([string[]] $Path, [string[]] $LiteralPath, [string] $Destination, $ToSession, $FromSession, [switch] $Recurse, [switch] $Force)
        throw 'Copy-Item is a test stand-in: mock it.'
    }
}

function Copy-LocalItem {
    <# What the module's Copy-Item does for a local copy (used by the tests' mock of the stand-in). #>
    param([string[]] $Path, [string[]] $LiteralPath, [string] $Destination, [switch] $Recurse)

    $source = $LiteralPath ? @{ LiteralPath = $LiteralPath } : @{ Path = $Path }
    Microsoft.PowerShell.Management\Copy-Item @source -Destination $Destination -Recurse:$Recurse -Force
}
