# Ctrl+C for real: SIGINT to run-suite.ps1's whole process group, as a terminal sends it (PowerShell,
# the CLI and SimHost all get it). The run must end with 130 and the -Resume command, leave no
# journal lock, and resume to the verdicts an uninterrupted run gives. perl (Debian's essential
# perl-base) starts the script in a process group of its own with SIGINT at its default: a process
# started in the background by a non-interactive shell would have SIGINT ignored.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    # A catalog long enough to be interrupted mid-run: 20,000 liveness calls (a few seconds).
    $catalog = Join-Path $TestDrive 'scenarios'
    New-Item -ItemType Directory -Path (Join-Path $catalog 'long') -Force | Out-Null
    Copy-Item -Recurse -LiteralPath (Join-Path $RepositoryRoot 'scenarios/devices'), (Join-Path $RepositoryRoot 'scenarios/schema') -Destination $catalog
    foreach ($part in 1, 2) {
        Set-Content -LiteralPath (Join-Path $catalog "long/pings-$part.yaml") -Value @"
description: liveness calls, part $part, so that Ctrl+C lands mid-run
device: conformance-sample
ioctl: IOCTL_SAMPLE_PING
output: { size: 8 }
repeat: 10000
expect:
  status: STATUS_SUCCESS
  information: 4
"@
    }

    function Start-RunSuiteGroup {
        param([string[]] $Argument)
        $start = [System.Diagnostics.ProcessStartInfo]::new('perl')
        foreach ($item in @('-e', '$SIG{INT} = "DEFAULT"; setpgrp(0, 0); exec @ARGV or die "exec: $!"', 'dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-File', $RunSuiteScript) + $Argument) {
            $start.ArgumentList.Add($item)
        }
        $start.WorkingDirectory = $RepositoryRoot
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        [System.Diagnostics.Process]::Start($start)
    }
}

Describe 'run-suite.ps1 interrupted with Ctrl+C (SIGINT to its process group)' {
    BeforeAll {
        $results = Join-Path $TestDrive 'results'
        $common = '-ScenariosPath', $catalog, '-ResultsPath', $results, '-Configuration', 'Debug'
        # Built once, so that the interrupted run spends its time firing cases.
        $null = Invoke-RunSuiteProcess -Argument '-ScenariosPath', $catalog, '-ResultsPath', (Join-Path $TestDrive 'build-results'), '-Configuration', 'Debug', '-Filter', 'long/pings-1#1'

        $process = Start-RunSuiteGroup -Argument ($common + '-NoBuild')
        $errors = $process.StandardError.ReadToEndAsync()
        $output = [System.Text.StringBuilder]::new()
        while ($null -ne ($line = $process.StandardOutput.ReadLine())) {
            $null = $output.AppendLine($line)
            if ($line -match '^run-suite: conformance run ') {
                # The CLI has started; give it time to fire its first batches, then press Ctrl+C.
                Start-Sleep -Seconds 2
                & kill -INT -- "-$($process.Id)"
            }
        }

        $process.WaitForExit()
        $interrupted = [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $output.ToString() + $errors.Result }
        $folder = Get-ChildItem -LiteralPath $results -Directory | Select-Object -First 1
    }

    It 'exits with 130 and prints the -Resume command' {
        $interrupted.ExitCode | Should -Be 130 -Because $interrupted.Output
        $interrupted.Output | Should -Match ([regex]::Escape("dotnet pwsh ./run-suite.ps1 -Resume $($folder.FullName)"))
    }

    It 'stopped mid-run, with the journal closed (no lock left) and nothing blamed' {
        $journal = Get-Content -LiteralPath (Join-Path $folder.FullName 'journal.txt')
        @($journal | Where-Object { $_ -like 'outcome *' }).Count | Should -BeLessThan 20000
        Join-Path $folder.FullName 'journal.txt.lock' | Should -Not -Exist
        ($journal -join "`n") | Should -Not -Match '"end":"HostLost"' -Because 'SimHost ignores the terminal''s SIGINT; the client stops it'
    }

    It 'resumes to the verdicts of an uninterrupted run: every case once, every one passing' {
        $resumed = Invoke-RunSuiteProcess -Argument ($common + '-NoBuild', '-Resume', $folder.FullName)

        $resumed.ExitCode | Should -Be 0 -Because $resumed.Output
        $run = Get-Content -Raw -LiteralPath (Join-Path $folder.FullName 'results.json') | ConvertFrom-Json
        $run.summary.total | Should -Be 20000
        $run.summary.passed | Should -Be 20000
        @($run.cases.id | Sort-Object -Unique).Count | Should -Be 20000
    }
}
