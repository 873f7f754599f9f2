# Stand-ins for the Hyper-V cmdlets, which exist only on a Windows host with the Hyper-V module.
# They declare the parameters run-suite.ps1 uses so that Pester can mock them; an unmocked call fails loudly.

function Get-VM {
    [CmdletBinding()]
    param([string[]] $Name)
    throw 'Get-VM is a test stub: mock it.'
}

function Start-VM {
    [CmdletBinding()]
    param([string[]] $Name)
    throw 'Start-VM is a test stub: mock it.'
}

function Stop-VM {
    [CmdletBinding(SupportsShouldProcess)]
    param([string[]] $Name, [switch] $TurnOff, [switch] $Force)
    throw 'Stop-VM is a test stub: mock it.'
}

function Wait-VM {
    [CmdletBinding()]
    param([string[]] $Name, [string] $For, [int] $Timeout)
    throw 'Wait-VM is a test stub: mock it.'
}

function Restore-VMSnapshot {
    [CmdletBinding(SupportsShouldProcess)]
    param([string[]] $VMName, [string] $Name)
    throw 'Restore-VMSnapshot is a test stub: mock it.'
}
