# The script's surface: parameter validation, help, function names, prerequisites and the argument
# list it hands to the CLI. Functions are loaded by dot-sourcing with -LoadFunctionsOnly.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . $RunSuiteScript -LoadFunctionsOnly
}

Describe 'parameters' {
    It 'rejects an unknown -Mode before anything runs' {
        { & $RunSuiteScript -Mode Bogus -LoadFunctionsOnly } | Should -Throw '*Mode*Simulator,Windows,HyperV*'
    }

    It 'rejects -Configuration other than Release or Debug' {
        { & $RunSuiteScript -Configuration Fast -LoadFunctionsOnly } | Should -Throw '*Configuration*'
    }

    It 'defaults to Simulator mode and the Release configuration' {
        $parameters = (Get-Command $RunSuiteScript).Parameters
        $parameters['Mode'].Attributes.Where({ $_ -is [System.Management.Automation.ValidateSetAttribute] }).ValidValues |
            Should -Be 'Simulator', 'Windows', 'HyperV'
        (Get-Command $RunSuiteScript).ScriptBlock.Ast.ParamBlock.Parameters |
            Where-Object { $_.Name.VariablePath.UserPath -in 'Mode', 'Configuration' } |
            ForEach-Object { $_.DefaultValue.Value } | Should -Be 'Simulator', 'Release'
    }

    It 'exits 2 with a clear message for -Mode HyperV without -VMName' {
        $run = Invoke-RunSuiteProcess -Argument '-Mode', 'HyperV'

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match '-Mode HyperV needs -VMName'
    }

    It 'answers usage errors with exit code 2: <Case>' -ForEach @(
        @{ Case = 'HyperV without credentials'; Bound = @{ Mode = 'HyperV'; VMName = 'vm' }; Message = '*-GuestCredential*' }
        @{ Case = 'VM name in Simulator mode'; Bound = @{ VMName = 'vm' }; Message = '*-VMName is used with -Mode HyperV only*' }
        @{ Case = 'device path in Simulator mode'; Bound = @{ DevicePath = '\\.\X' }; Message = '*-DevicePath*' }
        @{ Case = 'self-check in Windows mode'; Bound = @{ Mode = 'Windows'; SelfCheck = [switch]$true }; Message = '*Simulator mode only*' }
        @{ Case = 'self-check with a variant'; Bound = @{ SelfCheck = [switch]$true; DefectVariant = 3 }; Message = '*leave out -DefectVariant*' }
        @{ Case = 'self-check resumed'; Bound = @{ SelfCheck = [switch]$true; Resume = '/r/1' }; Message = '*-Resume continues one conformance run*' }
        @{ Case = 'resume in HyperV mode'; Bound = @{ Mode = 'HyperV'; VMName = 'vm'; GuestCredential = [pscredential]::Empty; Resume = '/r/1' }; Message = '*HyperV mode resumes from the journal by itself*' }
    ) {
        { Assert-ConformanceParameter -Mode ($Bound['Mode'] ?? 'Simulator') -BoundParameters $Bound } | Should -Throw $Message
        $errors = [System.IO.StringWriter]::new()
        Invoke-ConformanceSuite -RepositoryRoot $RepositoryRoot -BoundParameters $Bound -ErrorWriter $errors | Should -Be 2
        $errors.ToString() | Should -BeLike "run-suite: $Message"
    }
}

Describe 'help and style' {
    BeforeAll {
        $help = Get-Help $RunSuiteScript -Full
    }

    It 'has a synopsis, a description and examples' {
        $help.Synopsis | Should -Match 'conformance suite'
        ($help.description | Out-String) | Should -Match 'HyperV'
        @($help.examples.example).Count | Should -BeGreaterOrEqual 3
    }

    It 'describes every parameter' {
        foreach ($parameter in $help.parameters.parameter) {
            ($parameter.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a .PARAMETER entry"
        }
    }

    It 'names every function with an approved verb and a Conformance noun' {
        $functions = (Get-Command $RunSuiteScript).ScriptBlock.Ast.FindAll({ $args[0] -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)
        $approved = (Get-Verb).Verb
        $functions.Count | Should -BeGreaterThan 10
        foreach ($function in $functions) {
            $verb, $noun = $function.Name -split '-', 2
            $verb | Should -BeIn $approved -Because "$($function.Name) needs an approved verb"
            $noun | Should -Match '^Conformance' -Because "$($function.Name) keeps to the script's noun prefix"
        }
    }

    It 'runs under strict mode with errors that stop' {
        $text = Get-Content -Raw -LiteralPath $RunSuiteScript
        $text | Should -Match 'Set-StrictMode -Version Latest'
        $text | Should -Match "\`$ErrorActionPreference = 'Stop'"
    }

    It 'defines its functions and runs nothing when dot-sourced with -LoadFunctionsOnly' {
        Get-Command Invoke-ConformanceHyperVRun -CommandType Function | Should -Not -BeNullOrEmpty
        Get-Command Invoke-ConformanceLocalRun -CommandType Function | Should -Not -BeNullOrEmpty
    }
}

Describe 'Test-ConformancePrerequisite on this machine' {
    It 'finds dotnet, gcc and make' {
        Test-ConformancePrerequisite -Mode Simulator | Should -BeNullOrEmpty
    }
}

Describe 'Test-ConformancePrerequisite with tools missing' {
    BeforeEach {
        # Only the tools a test names are taken away; dotnet stays.
        Mock Get-Command -ParameterFilter { $Name -eq 'dotnet' } -MockWith { [pscustomobject]@{ Name = 'dotnet' } }
    }

    It 'says exactly what to run when gcc or make is missing' {
        Mock Get-Command -ParameterFilter { $Name -in 'gcc', 'make' } -MockWith { }

        $missing = Test-ConformancePrerequisite -Mode Simulator

        $missing | Should -Match 'gcc and make not found'
        $missing | Should -Match ([regex]::Escape('Run: bash tools/install-prerequisites.sh --no-browser'))
    }

    It 'does not need gcc or make in Windows mode' {
        Mock Get-Command -ParameterFilter { $Name -in 'gcc', 'make' } -MockWith { }

        Test-ConformancePrerequisite -Mode Windows | Should -BeNullOrEmpty
    }

    It 'explains that the simulator needs Linux' {
        Test-ConformancePrerequisite -Mode Simulator -OnLinux $false | Should -Match 'Simulator mode runs on Linux'
    }

    It 'stops a local run before building when something is missing' {
        Mock Get-Command -ParameterFilter { $Name -eq 'gcc' } -MockWith { [pscustomobject]@{ Name = 'gcc' } }
        Mock Get-Command -ParameterFilter { $Name -eq 'make' } -MockWith { }
        Mock Build-ConformanceCli { throw 'must not build' }

        { Invoke-ConformanceLocalRun -Mode Simulator -RepositoryRoot $RepositoryRoot -ResultsPath $TestDrive -Configuration Debug } |
            Should -Throw '*make not found*install-prerequisites.sh --no-browser*'
        Should -Invoke Build-ConformanceCli -Times 0
    }
}

Describe 'Get-ConformanceCliArgument' {
    It 'passes only what was given' {
        Get-ConformanceCliArgument -RepositoryRoot /repo | Should -Be 'run', '--root', '/repo'
    }

    It 'maps every option of `conformance run`' {
        $arguments = Get-ConformanceCliArgument -RepositoryRoot /repo -ResultsPath /out -ScenariosPath /sc -DriverPath /drv `
            -Filter 'neither-transform[' -DefectVariant 0 -Target windows -DevicePath '\\.\X' -ResumeRunPath 'C:\r\1'

        $arguments -join ' ' | Should -Be 'run --root /repo --scenarios /sc --results /out --driver /drv --filter neither-transform[ --defect-variant 0 --target windows --device \\.\X --resume C:\r\1'
    }

    It 'runs selfcheck instead of run for -SelfCheck' {
        (Get-ConformanceCliArgument -Verb selfcheck -RepositoryRoot /repo -ResultsPath /out)[0] | Should -Be 'selfcheck'
    }

    It 'hands the CLI what the script was given and returns its exit code' {
        Mock Test-ConformancePrerequisite { }
        Mock Build-ConformanceCli { '/built/conformance.dll' }
        Mock Invoke-ConformanceCli { [pscustomobject]@{ ExitCode = 7; Report = $null } }

        $code = Invoke-ConformanceLocalRun -Mode Simulator -RepositoryRoot /repo -ResultsPath /out -Configuration Debug -Filter ping -DefectVariant 4 6>$null

        $code | Should -Be 7
        Should -Invoke Build-ConformanceCli -Times 1 -ParameterFilter { $Configuration -eq 'Debug' -and $RepositoryRoot -eq '/repo' }
        Should -Invoke Invoke-ConformanceCli -Times 1 -ParameterFilter {
            $CliPath -eq '/built/conformance.dll' -and ($Argument -join ' ') -eq 'run --root /repo --results /out --filter ping --defect-variant 4'
        }
    }
}
