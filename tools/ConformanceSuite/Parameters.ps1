# The rules for the entry scripts' parameters, in one place for both scripts.
#
# run-suite.ps1 and prepare-vm.ps1 declare their parameters loosely: strings and switches without
# Validate* attributes, plus a catch-all for arguments that match no parameter. PowerShell checks
# attributes and types while it binds, before the script body runs, and answers a bad value with its
# own multi-line, coloured error and exit code 1. Checked here instead, every usage error is one line
# naming the parameter, and exit code 2, as the scripts' help says.
#
# What stays PowerShell's own (the binder stops before any script code runs, exit code 1): a
# parameter name given without its value at the end (`-Mode`), and an abbreviation that fits several
# parameters (`-D`).
#
# The scripts' [ArgumentCompletions] lists offer the values of the Set rules for tab completion, and
# their help texts name the valid values; tests/run-suite/Parameters.Tests.ps1 keeps both equal to
# these rules.

# The catch-all parameter of both scripts ([Parameter(ValueFromRemainingArguments)]).
$script:ConformanceUnknownArgument = 'UnknownArgument'

function New-ConformanceParameterRule {
    <#
    .SYNOPSIS
        One parameter rule (see Get-ConformanceParameterRule).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Mandatory, Position = 1)] [ValidateSet('Set', 'Integer', 'Text', 'Credential')] [string] $Kind,
        [string[]] $Values,
        [long] $Minimum,
        [long] $Maximum
    )

    [pscustomobject]@{ Name = $Name; Kind = $Kind; Values = $Values; Minimum = $Minimum; Maximum = $Maximum }
}

function Get-ConformanceParameterRule {
    <#
    .SYNOPSIS
        The rules for one entry script's parameters: Name, Kind (Set, Integer, Text, Credential)
        and, by kind, Values or Minimum and Maximum. Switches need none.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory)] [ValidateSet('run-suite', 'prepare-vm')] [string] $Tool)

    # Shared by both scripts: the test VM, its guest's administrator, its checkpoint, the wait for the guest.
    $shared = @(
        New-ConformanceParameterRule VMName Text
        New-ConformanceParameterRule GuestCredential Credential
        New-ConformanceParameterRule CheckpointName Text
        New-ConformanceParameterRule GuestTimeoutSeconds Integer -Minimum 1 -Maximum 86400
    )

    if ($Tool -eq 'prepare-vm') {
        $shared
        New-ConformanceParameterRule DriverName Text
        # Racer scenarios change a buffer while the driver reads it: that needs a second processor.
        New-ConformanceParameterRule MinimumProcessorCount Integer -Minimum 2 -Maximum 64
        return
    }

    New-ConformanceParameterRule Mode Set -Values 'Simulator', 'Windows', 'HyperV'
    New-ConformanceParameterRule Filter Text
    New-ConformanceParameterRule DefectVariant Integer -Minimum 0 -Maximum 1000
    New-ConformanceParameterRule ResultsPath Text
    New-ConformanceParameterRule ScenariosPath Text
    New-ConformanceParameterRule Configuration Set -Values 'Release', 'Debug'
    New-ConformanceParameterRule Resume Text
    New-ConformanceParameterRule DevicePath Text
    New-ConformanceParameterRule DriverPath Text
    New-ConformanceParameterRule CallTimeoutMs Integer -Minimum 1 -Maximum 86400000
    $shared
    New-ConformanceParameterRule GuestWorkingDirectory Text
    New-ConformanceParameterRule HeartbeatGraceSeconds Integer -Minimum 0 -Maximum 86400
    New-ConformanceParameterRule BugCheckTimeoutSeconds Integer -Minimum 0 -Maximum 86400
    New-ConformanceParameterRule MaxGuestRestarts Integer -Minimum 0 -Maximum 1000
}

function Get-ConformanceUnknownArgumentMessage {
    <#
    .SYNOPSIS
        The usage message for arguments that matched no parameter of the script (its catch-all).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $Tool,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Argument
    )

    # The first one explains the rest: after an unknown name, its value is left over too.
    $first = [string]$Argument[0]
    if ($first -match '^-{1,2}([^:]+)') {
        return "-$($Matches[1]) is not a parameter of $Tool.ps1; check the spelling."
    }

    "'$first' has no parameter name before it: $Tool.ps1 takes named parameters only (e.g. -Filter ping), and a switch such as -SelfCheck takes no value."
}

function ConvertTo-ConformanceParameter {
    <#
    .SYNOPSIS
        Checks an entry script's bound parameters against its rules and returns them typed
        (numbers as [int], set values spelt as in the set); throws a usage error (exit code 2)
        naming the first parameter that is wrong and how to put it right.

    .DESCRIPTION
        Keys without a rule (switches, and options that only the tests pass) are returned as they
        are; the catch-all of unknown arguments is an error when it holds anything.

    .PARAMETER Tool
        run-suite or prepare-vm: whose rules apply and which script the messages name.

    .PARAMETER BoundParameters
        The script's $PSBoundParameters.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [Parameter(Mandatory)] [ValidateSet('run-suite', 'prepare-vm')] [string] $Tool,
        [Parameter(Mandatory)] [hashtable] $BoundParameters
    )

    $checked = @{} + $BoundParameters
    $unknown = @($checked[$script:ConformanceUnknownArgument] | Where-Object { $null -ne $_ })
    $checked.Remove($script:ConformanceUnknownArgument)
    if ($unknown.Count -gt 0) {
        throw (New-ConformanceUsageError (Get-ConformanceUnknownArgumentMessage -Tool $Tool -Argument $unknown))
    }

    foreach ($rule in Get-ConformanceParameterRule -Tool $Tool) {
        if (-not $checked.ContainsKey($rule.Name)) { continue }
        $name = $rule.Name
        $value = $checked[$name]
        $text = "$value".Trim()
        switch ($rule.Kind) {
            'Set' {
                $match = @($rule.Values | Where-Object { $_ -eq $text })   # -eq ignores case, as ValidateSet did
                if ($match.Count -ne 1) {
                    throw (New-ConformanceUsageError "-$name '$value' is not allowed: use $(($rule.Values[0..($rule.Values.Count - 2)]) -join ', ') or $($rule.Values[-1]).")
                }
                $checked[$name] = $match[0]
            }
            'Integer' {
                # Digits only: PowerShell's own conversion would also take 0x10, 1e3 or 3.6 (rounded).
                if ($text -notmatch '^\d{1,12}$' -or [long]$text -lt $rule.Minimum -or [long]$text -gt $rule.Maximum) {
                    throw (New-ConformanceUsageError "-$name '$value' is not allowed: give a whole number from $($rule.Minimum) to $($rule.Maximum).")
                }
                $checked[$name] = [int]$text
            }
            'Text' {
                if ([string]::IsNullOrWhiteSpace($text)) {
                    throw (New-ConformanceUsageError "-$name is empty: give it a value, or leave it out.")
                }
            }
            'Credential' {
                # A command line can only give a string here; a credential comes from PowerShell itself.
                if ($value -isnot [pscredential]) {
                    throw (New-ConformanceUsageError "-$name needs a credential, not '$value': e.g. -$name (Get-Credential $(if ($text) { $text } else { 'Administrator' })) from PowerShell.")
                }
            }
        }
    }

    $checked
}
