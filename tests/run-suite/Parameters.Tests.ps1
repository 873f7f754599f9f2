# The scripts' surface: parameter validation, help, the module's shape and conventions,
# prerequisites and the argument list handed to the CLI. Internal functions of the module are
# reached with InModuleScope.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    # One test case per rule with values to complete or document (a set or a range of numbers).
    $ValueRules = & (Get-Module ConformanceSuite) {
        foreach ($tool in 'run-suite', 'prepare-vm') {
            Get-ConformanceParameterRule -Tool $tool | Where-Object Kind -In 'Set', 'Integer' |
                ForEach-Object { @{ Script = "$tool.ps1"; Name = $_.Name; Kind = $_.Kind; Values = $_.Values; Minimum = $_.Minimum; Maximum = $_.Maximum } }
        }
    }
}

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
    # PowerShell checks parameter attributes while it binds, before the script runs, and answers with
    # exit code 1 and a red multi-line error; the scripts declare their parameters loosely so that
    # the module answers every usage error with one line and exit code 2.
    It 'exits 2 with one plain line naming the parameter: <Script> <Argument>' -ForEach @(
        @{ Script = 'run-suite.ps1'; Argument = '-Mode', 'Bogus'; Named = '-Mode'; Fix = 'use Simulator, Windows or HyperV' }
        @{ Script = 'run-suite.ps1'; Argument = '-Mode', 'HyperV', '-Configuration', 'Fast'; Named = '-Configuration'; Fix = 'use Release or Debug' }
        @{ Script = 'run-suite.ps1'; Argument = '-Bogus', '1'; Named = '-Bogus'; Fix = 'not a parameter of run-suite.ps1' }
        @{ Script = 'run-suite.ps1'; Argument = '-DefectVariant', 'abc'; Named = '-DefectVariant'; Fix = 'whole number from 0 to 1000' }
        @{ Script = 'run-suite.ps1'; Argument = '-DefectVariant', '1001'; Named = '-DefectVariant'; Fix = 'whole number from 0 to 1000' }
        @{ Script = 'run-suite.ps1'; Argument = '-Filter', ''; Named = '-Filter'; Fix = 'give it a value, or leave it out' }
        @{ Script = 'run-suite.ps1'; Argument = '-Mode', 'Windows', '-CallTimeoutMs', '0'; Named = '-CallTimeoutMs'; Fix = 'whole number from 1 to 86400000' }
        @{ Script = 'run-suite.ps1'; Argument = '-Mode', 'HyperV', '-VMName', 'vm', '-GuestCredential', 'admin'; Named = '-GuestCredential'; Fix = 'Get-Credential admin' }
        @{ Script = 'run-suite.ps1'; Argument = '-SelfCheck', 'yes'; Named = "'yes'"; Fix = 'named parameters only' }
        @{ Script = 'prepare-vm.ps1'; Argument = '-VMName', 'vm', '-MinimumProcessorCount', '1'; Named = '-MinimumProcessorCount'; Fix = 'whole number from 2 to 64' }
        @{ Script = 'prepare-vm.ps1'; Argument = '-VMName', ''; Named = '-VMName'; Fix = 'give it a value' }
        @{ Script = 'prepare-vm.ps1'; Argument = '-VMName', 'vm', '-Bogus'; Named = '-Bogus'; Fix = 'not a parameter of prepare-vm.ps1' }
    ) {
        $tool = $Script -replace '\.ps1$'
        $run = Invoke-RunSuiteProcess -Script (Join-Path $RepositoryRoot $Script) -Argument $Argument

        $run.ExitCode | Should -Be 2 -Because $run.Output
        $lines = @($run.Output -split '\r?\n' | Where-Object { $_ })
        $lines.Count | Should -Be 1 -Because $run.Output
        $lines[0] | Should -BeLike "${tool}: $Named*$Fix*(help: Get-Help ./$Script -Full)"
        $lines[0] | Should -Not -Match "\e" -Because 'redirected output gets no colour codes'
    }

    It 'offers the -<Name> values to tab completion' -ForEach @(
        @{ Name = 'Mode'; Values = 'Simulator', 'Windows', 'HyperV' }
        @{ Name = 'Configuration'; Values = 'Release', 'Debug' }
    ) {
        $line = "& '$RunSuiteScript' -$Name "
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length

        $completion.CompletionMatches.CompletionText | Should -Be $Values
    }

    It '<Script> declares every parameter loosely, with a rule in the module for each' -ForEach @(
        @{ Script = 'run-suite.ps1'; Tool = 'run-suite' }
        @{ Script = 'prepare-vm.ps1'; Tool = 'prepare-vm' }
    ) {
        $parameters = (Get-Command (Join-Path $RepositoryRoot $Script)).Parameters.Values |
            Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }
        $rules = InModuleScope ConformanceSuite -Parameters @{ Tool = $Tool } { param($Tool) Get-ConformanceParameterRule -Tool $Tool }

        foreach ($parameter in $parameters) {
            $parameter.Attributes.Where({ $_ -is [System.Management.Automation.ValidateArgumentsAttribute] }) |
                Should -BeNullOrEmpty -Because "-$($parameter.Name) is checked by the module, not while PowerShell binds"
            $parameter.ParameterType | Should -BeIn ([string], [switch], [object], [object[]]) -Because "-$($parameter.Name) binds whatever it is given"
            if ($parameter.ParameterType -ne [switch] -and $parameter.Name -ne 'UnknownArgument') {
                $rules.Name | Should -Contain $parameter.Name
            }
        }
        $rules.Name | Should -BeIn $parameters.Name -Because 'every rule is for a parameter the script has'
        $parameters.Where({ $_.Name -eq 'UnknownArgument' }).Attributes.ValueFromRemainingArguments | Should -Contain $true
    }

    It 'completes and documents the values the module accepts: <Script> -<Name>' -ForEach $ValueRules {
        $path = Join-Path $RepositoryRoot $Script
        $help = ((Get-Help $path -Full).parameters.parameter | Where-Object name -EQ $Name).description | Out-String
        $help = $help -replace '\s+', ' '
        if ($Kind -eq 'Set') {
            # [ArgumentCompletions] keeps its list private; the script's syntax tree shows it.
            $declared = (Get-Command $path).ScriptBlock.Ast.ParamBlock.Parameters |
                Where-Object { $_.Name.VariablePath.UserPath -eq $Name } |
                ForEach-Object { $_.Attributes } | Where-Object { $_.TypeName.Name -eq 'ArgumentCompletions' } |
                ForEach-Object { $_.PositionalArguments.Value }
            $declared | Should -Be $Values
            foreach ($value in $Values) { $help | Should -Match "\b$value\b" }
        }
        else {
            $help | Should -Match "\b$Minimum to $Maximum\b"
        }
    }

    It 'defaults to Simulator mode and the Release configuration' {
        (Get-Command $RunSuiteScript).ScriptBlock.Ast.ParamBlock.Parameters |
            Where-Object { $_.Name.VariablePath.UserPath -in 'Mode', 'Configuration' } |
            ForEach-Object { $_.DefaultValue.Value } | Should -Be 'Simulator', 'Release'
    }

    It 'hands the module typed values: numbers as [int], set values spelt as in the set, other keys as they are' {
        $checked = InModuleScope ConformanceSuite {
            ConvertTo-ConformanceParameter -Tool run-suite -BoundParameters @{ Mode = 'hyperv'; DefectVariant = '7'; GuestTimeoutSeconds = 30; RetrySeconds = 0; SelfCheck = [switch]$true }
        }

        $checked['Mode'] | Should -BeExactly 'HyperV'
        $checked['DefectVariant'] | Should -BeOfType [int]
        $checked['DefectVariant'] | Should -Be 7
        $checked['GuestTimeoutSeconds'] | Should -Be 30
        $checked['RetrySeconds'] | Should -Be 0
        $checked['SelfCheck'] | Should -BeTrue
    }

    It 'takes no number PowerShell would convert loosely: <Text>' -ForEach @(
        @{ Text = '0x10' }, @{ Text = '1e3' }, @{ Text = '3.6' }, @{ Text = '-1' }, @{ Text = '' }
    ) {
        InModuleScope ConformanceSuite -Parameters @{ Text = $Text } {
            param($Text)
            { ConvertTo-ConformanceParameter -Tool run-suite -BoundParameters @{ DefectVariant = $Text } } | Should -Throw '*-DefectVariant*whole number from 0 to 1000*'
        }
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
        @{ Case = 'coverage in Windows mode'; Bound = @{ Mode = 'Windows'; Coverage = [switch]$true }; Message = '*-Coverage runs in Simulator mode only*' }
        @{ Case = 'coverage of a self-check'; Bound = @{ SelfCheck = [switch]$true; Coverage = [switch]$true }; Message = '*leave out -SelfCheck*' }
        @{ Case = 'resume in HyperV mode'; Bound = @{ Mode = 'HyperV'; VMName = 'vm'; GuestCredential = [pscredential]::Empty; Resume = '/r/1' }; Message = '*HyperV mode resumes from the journal by itself*' }
    ) {
        InModuleScope ConformanceSuite -Parameters @{ Bound = $Bound; Message = $Message } {
            param($Bound, $Message)
            { Assert-ConformanceParameter -Mode ($Bound['Mode'] ?? 'Simulator') -BoundParameters $Bound } | Should -Throw $Message
        }
        $errors = [System.IO.StringWriter]::new()
        Invoke-ConformanceSuite -RepositoryRoot $RepositoryRoot -BoundParameters $Bound -ErrorWriter $errors | Should -Be 2
        $errors.ToString().TrimEnd() | Should -BeLike "run-suite: $Message"
        @($errors.ToString().TrimEnd() -split '\n').Count | Should -Be 1
    }

    It 'prepare-vm.ps1 exits 2 with a clear message without -VMName' {
        $run = Invoke-RunSuiteProcess -Script $PrepareVmScript

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match 'prepare-vm: -VMName is required'
    }
}

Describe 'plain output' {
    It 'prints plain text (<Plain>) when <Case>' -ForEach @(
        @{ Case = 'standard output is redirected'; Bound = @{ OutputRedirected = $true }; Plain = $true }
        @{ Case = 'standard error is redirected'; Bound = @{ ErrorRedirected = $true }; Plain = $true }
        @{ Case = 'NO_COLOR is set'; Bound = @{ NoColor = '1' }; Plain = $true }
        @{ Case = 'TERM is dumb'; Bound = @{ Terminal = 'dumb' }; Plain = $true }
        @{ Case = 'both go to a terminal (colours are fine there)'; Bound = @{ Terminal = 'xterm-256color' }; Plain = $false }
    ) {
        $terminal = @{ OutputRedirected = $false; ErrorRedirected = $false; NoColor = ''; Terminal = 'xterm' }
        foreach ($key in $Bound.Keys) { $terminal[$key] = $Bound[$key] }

        InModuleScope ConformanceSuite -Parameters @{ Terminal = $terminal } { param($Terminal) Test-ConformancePlainOutput @Terminal } | Should -Be $Plain
    }

    It 'leaves no colour codes in redirected output where PowerShell itself colours: a warning' {
        # -Mode Windows on Linux warns ("not Windows") before it builds or runs anything.
        $run = Invoke-RunSuiteProcess -Argument '-Mode', 'Windows', '-ResultsPath', (Join-Path $TestDrive 'results'), '-Configuration', 'Debug', '-NoBuild', '-Filter', 'ping'

        $run.Output | Should -Match 'WARNING: run-suite: -Mode Windows is meant for the Windows test VM'
        $run.Output | Should -Not -Match "\e" -Because $run.Output
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

    It 'asks for coverage with -Coverage' {
        (InModuleScope ConformanceSuite { Get-ConformanceCliArgument -RepositoryRoot /repo -Coverage }) -join ' ' | Should -Be 'run --root /repo --coverage'
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
