# The Simulator mode for real: run-suite.ps1 in its own process builds the CLI, runs the catalog in
# the simulator and passes the CLI's exit code through. Debug, the configuration `dotnet test` has
# already built, keeps the build incremental; results go to TestDrive, never to results/.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'run-suite.ps1 -Mode Simulator' {
    BeforeAll {
        $results = Join-Path $TestDrive 'results'
        # The first run builds; the others reuse that build.
        $ping = Invoke-RunSuiteProcess -Argument '-Filter', 'ping', '-ResultsPath', $results, '-Configuration', 'Debug'
    }

    It 'passes the clean reference driver on the ping cases (exit 0)' {
        $ping.ExitCode | Should -Be 0 -Because $ping.Output
        $ping.Output | Should -Match '\d+ cases: \d+ passed, 0 failed, 0 errors'
        $ping.Output | Should -Not -Match "\e" -Because 'output into a pipe gets no colour codes'
    }

    It 'writes the report under -ResultsPath and says where it is' {
        Join-Path $results 'latest/report.html' | Should -Exist
        $ping.Output | Should -Match ([regex]::Escape("report: $(Join-Path $results 'latest/report.html')"))
    }

    It 'passes the options through to `conformance run`' {
        $ping.Output | Should -Match ([regex]::Escape("conformance run --root $RepositoryRoot --results $results --filter ping"))
    }

    It 'exits non-zero when the suite catches a seeded defect (variant 2 on neither-transform)' {
        $variant = Invoke-RunSuiteProcess -Argument '-DefectVariant', '2', '-Filter', 'neither-transform', '-ResultsPath', $results, '-Configuration', 'Debug', '-NoBuild'

        $variant.ExitCode | Should -Be 1 -Because $variant.Output
        $variant.Output | Should -Match 'FAIL conformance-sample/neither-transform'
        (Get-Item -LiteralPath (Join-Path $results 'latest')).LinkTarget | Should -Match -- '-v2$'
    }

    It 'continues a run from its journal with -Resume (a finished run: every case judged from the journal, none fired)' {
        $folder = (Get-Item -LiteralPath (Join-Path $results 'latest')).LinkTarget
        $resumed = Invoke-RunSuiteProcess -Argument '-Resume', (Join-Path $results $folder), '-Filter', 'neither-transform', '-DefectVariant', '2', '-ResultsPath', $results, '-Configuration', 'Debug', '-NoBuild'

        $resumed.Output | Should -Match ([regex]::Escape("--resume $(Join-Path $results $folder)"))
        $resumed.Output | Should -Match "resuming ${folder}: \d+ case\(s\) judged from the journal, 0 to fire"
        $resumed.ExitCode | Should -Be 1 -Because $resumed.Output
        $resumed.Output | Should -Match 'FAIL conformance-sample/neither-transform'
    }

    It 'runs `conformance selfcheck` for -SelfCheck (on ping alone the seeded defects go uncaught: exit 1)' {
        $selfCheck = Invoke-RunSuiteProcess -Argument '-SelfCheck', '-Filter', 'ping', '-ResultsPath', $results, '-Configuration', 'Debug', '-NoBuild'

        $selfCheck.Output | Should -Match ([regex]::Escape("conformance selfcheck --root $RepositoryRoot --results $results --filter ping"))
        $selfCheck.Output | Should -Match 'clean driver: 0 failed'
        $selfCheck.Output | Should -Match ([regex]::Escape("run-suite: self-check reports: $results"))
        $selfCheck.ExitCode | Should -Be 1 -Because $selfCheck.Output
    }

    It 'passes the CLI exit code through in Windows mode, and says the Windows target may be missing' {
        $windows = Invoke-RunSuiteProcess -Argument '-Mode', 'Windows', '-Filter', 'ping', '-ResultsPath', $results, '-Configuration', 'Debug', '-NoBuild'

        $windows.ExitCode | Should -Not -Be 0 -Because $windows.Output
        $windows.Output | Should -Match -- '--target windows'
        $windows.Output | Should -Match "conformance exited with $($windows.ExitCode)|Windows target"
        $windows.Output | Should -Not -Match "\e" -Because 'the warning goes into a pipe: no colour codes'
    }
}
