# The scripts' surface: parameter validation, help, the module's shape and conventions,
# prerequisites and the argument list handed to the CLI. Internal functions of the module are
# reached with InModuleScope.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $PSDefaultParameterValues['Mock:ModuleName'] = 'ConformanceSuite'

    function Get-ModuleFunctionAst {
        <# Every function defined in the module's files. #>
        Get-ChildItem -LiteralPath $ModuleFolder -Filter '*.ps*1' | ForEach-Object {
            [System.Management.Automation.Language.Parser]::ParseFile($_.FullName, [ref]$null, [ref]$null).FindAll(
                { $args[0] -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)
        }
    }
}

Describe 'parameters' {
    It 'rejects an unknown -Mode before anything runs' {
        { & $RunSuiteScript -Mode Bogus } | Should -Throw '*Mode*Simulator,Windows,HyperV*'
    }

    It 'rejects -Configuration other than Release or Debug' {
        { & $RunSuiteScript -Configuration Fast } | Should -Throw '*Configuration*'
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
        @{ Case = 'event wait in Windows mode'; Bound = @{ Mode = 'Windows'; BugCheckTimeoutSeconds = 5 }; Message = '*-BugCheckTimeoutSeconds is used with -Mode HyperV only*' }
        @{ Case = 'device path in Simulator mode'; Bound = @{ DevicePath = '\\.\X' }; Message = '*-DevicePath*' }
        @{ Case = 'driver in Simulator mode'; Bound = @{ DriverPath = 'x.sys' }; Message = '*-DriverPath is used with -Mode Windows or -Mode HyperV only*' }
        @{ Case = 'call timeout in Simulator mode'; Bound = @{ CallTimeoutMs = 100 }; Message = '*-CallTimeoutMs is used with -Mode Windows or -Mode HyperV only*' }
        @{ Case = 'self-check in Windows mode'; Bound = @{ Mode = 'Windows'; SelfCheck = [switch]$true }; Message = '*Simulator mode only*' }
        @{ Case = 'self-check with a variant'; Bound = @{ SelfCheck = [switch]$true; DefectVariant = 3 }; Message = '*leave out -DefectVariant*' }
        @{ Case = 'self-check resumed'; Bound = @{ SelfCheck = [switch]$true; Resume = '/r/1' }; Message = '*-Resume continues one conformance run*' }
        @{ Case = 'resume in HyperV mode'; Bound = @{ Mode = 'HyperV'; VMName = 'vm'; GuestCredential = [pscredential]::Empty; Resume = '/r/1' }; Message = '*HyperV mode resumes from the journal by itself*' }
    ) {
        InModuleScope ConformanceSuite -Parameters @{ Bound = $Bound; Message = $Message } {
            param($Bound, $Message)
            { Assert-ConformanceParameter -Mode ($Bound['Mode'] ?? 'Simulator') -BoundParameters $Bound } | Should -Throw $Message
        }
        $errors = [System.IO.StringWriter]::new()
        Invoke-ConformanceSuite -RepositoryRoot $RepositoryRoot -BoundParameters $Bound -ErrorWriter $errors | Should -Be 2
        $errors.ToString() | Should -BeLike "run-suite: $Message"
    }

    It 'prepare-vm.ps1 exits 2 with a clear message without -VMName' {
        $run = Invoke-RunSuiteProcess -Script $PrepareVmScript

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match 'prepare-vm: -VMName is required'
    }
}

Describe 'help' {
    It '<Name> has a synopsis, a description, examples and every parameter described' -ForEach @(
        @{ Name = 'run-suite.ps1'; Synopsis = 'conformance suite'; Description = 'HyperV'; Examples = 5 }
        @{ Name = 'prepare-vm.ps1'; Synopsis = 'test VM'; Description = 'NMICrashDump'; Examples = 2 }
    ) {
        $help = Get-Help (Join-Path $RepositoryRoot $Name) -Full

        $help.Synopsis | Should -Match $Synopsis
        ($help.description | Out-String) | Should -Match $Description
        ($help.description | Out-String) | Should -Match 'not yet run on Windows'
        @($help.examples.example).Count | Should -BeGreaterOrEqual $Examples
        foreach ($parameter in $help.parameters.parameter) {
            ($parameter.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a .PARAMETER entry"
        }
    }

    It 'prepare-vm.ps1 supports -WhatIf' {
        (Get-Command $PrepareVmScript).Parameters.Keys | Should -Contain 'WhatIf'
    }
}

Describe 'the ConformanceSuite module' {
    It 'has a valid manifest that exports the entry functions' {
        $manifest = Test-ModuleManifest -Path $ModuleManifest
        $manifest.ExportedFunctions.Keys | Should -Be 'Invoke-ConformanceSuite', 'Invoke-ConformanceLocalRun', 'Invoke-ConformanceHyperVRun', 'Initialize-ConformanceVM', 'Invoke-ConformanceVmPreparation'
    }

    It 'dot-sources every area file once, and has no file it does not load' {
        $loaded = [regex]::Match((Get-Content -Raw (Join-Path $ModuleFolder 'ConformanceSuite.psm1')), "foreach \(\`$area in ([^)]+)\)").Groups[1].Value -split ',\s*' |
            ForEach-Object { $_.Trim("'") + '.ps1' }
        $files = Get-ChildItem -LiteralPath $ModuleFolder -Filter '*.ps1' | ForEach-Object Name

        ($loaded | Sort-Object) | Should -Be ($files | Sort-Object)
    }

    It 'names every function with an approved verb and a Conformance noun, with [CmdletBinding()] and comment-based help' {
        $functions = @(Get-ModuleFunctionAst)
        $approved = (Get-Verb).Verb
        $functions.Count | Should -BeGreaterThan 40
        foreach ($function in $functions) {
            $verb, $noun = $function.Name -split '-', 2
            $verb | Should -BeIn $approved -Because "$($function.Name) needs an approved verb"
            $noun | Should -Match '^Conformance' -Because "$($function.Name) keeps to the module's noun prefix"
            $function.Body.ParamBlock.Attributes.TypeName.Name | Should -Contain 'CmdletBinding' -Because "$($function.Name) is an advanced function"
            $function.GetHelpContent().Synopsis | Should -Not -BeNullOrEmpty -Because "$($function.Name) says what it does"
        }
    }

    It 'defines each function in one place only' {
        $names = @(Get-ModuleFunctionAst | ForEach-Object Name)
        $names | Group-Object | Where-Object Count -GT 1 | ForEach-Object Name | Should -BeNullOrEmpty
    }

    It 'runs under strict mode with errors that stop: <File>' -ForEach @(
        @{ File = 'tools/ConformanceSuite/ConformanceSuite.psm1' }
        @{ File = 'run-suite.ps1' }
        @{ File = 'prepare-vm.ps1' }
    ) {
        $text = Get-Content -Raw -LiteralPath (Join-Path $RepositoryRoot $File)
        $text | Should -Match 'Set-StrictMode -Version Latest'
        $text | Should -Match "\`$ErrorActionPreference = 'Stop'"
    }

    It 'leaves the entry scripts thin: <File> defines no function and calls the module' -ForEach @(
        @{ File = 'run-suite.ps1'; Entry = 'Invoke-ConformanceSuite' }
        @{ File = 'prepare-vm.ps1'; Entry = 'Invoke-ConformanceVmPreparation' }
    ) {
        $path = Join-Path $RepositoryRoot $File
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$null, [ref]$null)

        $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | Should -BeNullOrEmpty
        Get-Content -Raw -LiteralPath $path | Should -Match "exit \($Entry "
    }
}

Describe 'Test-ConformancePrerequisite on this machine' {
    It 'finds dotnet, gcc and make' {
        InModuleScope ConformanceSuite { Test-ConformancePrerequisite -Mode Simulator } | Should -BeNullOrEmpty
    }
}

Describe 'Test-ConformancePrerequisite with tools missing' {
    BeforeEach {
        # Only the tools a test names are taken away; dotnet stays.
        Mock Get-Command -ParameterFilter { $Name -eq 'dotnet' } -MockWith { [pscustomobject]@{ Name = 'dotnet' } }
    }

    It 'says exactly what to run when gcc or make is missing' {
        Mock Get-Command -ParameterFilter { $Name -in 'gcc', 'make' } -MockWith { }

        $missing = InModuleScope ConformanceSuite { Test-ConformancePrerequisite -Mode Simulator }

        $missing | Should -Match 'gcc and make not found'
        $missing | Should -Match ([regex]::Escape('Run: bash tools/install-prerequisites.sh --no-browser'))
    }

    It 'does not need gcc or make in Windows mode' {
        Mock Get-Command -ParameterFilter { $Name -in 'gcc', 'make' } -MockWith { }

        InModuleScope ConformanceSuite { Test-ConformancePrerequisite -Mode Windows } | Should -BeNullOrEmpty
    }

    It 'explains that the simulator needs Linux' {
        InModuleScope ConformanceSuite { Test-ConformancePrerequisite -Mode Simulator -OnLinux $false } | Should -Match 'Simulator mode runs on Linux'
    }

    It 'stops a local run before building when something is missing' {
        Mock Get-Command -ParameterFilter { $Name -eq 'gcc' } -MockWith { [pscustomobject]@{ Name = 'gcc' } }
        Mock Get-Command -ParameterFilter { $Name -eq 'make' } -MockWith { }
        Mock Build-ConformanceCli { throw 'must not build' }

        { Invoke-ConformanceLocalRun -Mode Simulator -RepositoryRoot $RepositoryRoot -ResultsPath $TestDrive -Configuration Debug } |
            Should -Throw '*make not found*install-prerequisites.sh --no-browser*'
        Should -Invoke Build-ConformanceCli -ModuleName ConformanceSuite -Times 0
    }
}

Describe 'Get-ConformanceCliArgument' {
    It 'passes only what was given' {
        InModuleScope ConformanceSuite { Get-ConformanceCliArgument -RepositoryRoot /repo } | Should -Be 'run', '--root', '/repo'
    }

    It 'maps every option of `conformance run` (the Windows target: --device-path, --call-timeout-ms)' {
        $arguments = InModuleScope ConformanceSuite {
            Get-ConformanceCliArgument -RepositoryRoot /repo -ResultsPath /out -ScenariosPath /sc -DriverPath /drv `
                -Filter 'neither-transform[' -DefectVariant 0 -Target windows -DevicePath '\\.\X' -CallTimeoutMs 5000 -ResumeRunPath 'C:\r\1'
        }

        $arguments -join ' ' | Should -Be 'run --root /repo --scenarios /sc --results /out --driver /drv --filter neither-transform[ --defect-variant 0 --target windows --device-path \\.\X --call-timeout-ms 5000 --resume C:\r\1'
    }

    It 'runs selfcheck instead of run for -SelfCheck' {
        (InModuleScope ConformanceSuite { Get-ConformanceCliArgument -Verb selfcheck -RepositoryRoot /repo -ResultsPath /out })[0] | Should -Be 'selfcheck'
    }

    It 'hands the CLI what the script was given and returns its exit code' {
        Mock Test-ConformancePrerequisite { }
        Mock Build-ConformanceCli { '/built/conformance.dll' }
        Mock Invoke-ConformanceCli { [pscustomobject]@{ ExitCode = 7; Report = $null } }

        $code = Invoke-ConformanceLocalRun -Mode Simulator -RepositoryRoot /repo -ResultsPath /out -Configuration Debug -Filter ping -DefectVariant 4 6>$null

        $code | Should -Be 7
        Should -Invoke Build-ConformanceCli -ModuleName ConformanceSuite -Times 1 -ParameterFilter { $Configuration -eq 'Debug' -and $RepositoryRoot -eq '/repo' }
        Should -Invoke Invoke-ConformanceCli -ModuleName ConformanceSuite -Times 1 -ParameterFilter {
            $CliPath -eq '/built/conformance.dll' -and ($Argument -join ' ') -eq 'run --root /repo --results /out --filter ping --defect-variant 4'
        }
    }

    It 'passes the Windows target options in Windows mode, and explains exit code 3 (a hung call)' {
        Mock Test-ConformancePrerequisite { }
        Mock Build-ConformanceCli { '/built/conformance.dll' }
        Mock Invoke-ConformanceCli { [pscustomobject]@{ ExitCode = 3; Report = $null } }
        Mock Write-Warning { }

        $code = Invoke-ConformanceLocalRun -Mode Windows -RepositoryRoot /repo -ResultsPath /out -Configuration Release `
            -DriverPath 'C:\d\ConformanceSample.sys' -DevicePath '\\.\ConformanceSample' -CallTimeoutMs 2000 -InformationVariable shown 6>$null

        $code | Should -Be 3
        "$shown" | Should -Match 'a call hung; hang.txt in the run folder names the case'
        Should -Invoke Invoke-ConformanceCli -ModuleName ConformanceSuite -Times 1 -ParameterFilter {
            ($Argument -join ' ') -eq 'run --root /repo --results /out --driver C:\d\ConformanceSample.sys --target windows --device-path \\.\ConformanceSample --call-timeout-ms 2000'
        }
    }
}
