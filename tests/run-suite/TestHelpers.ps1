# Shared by the run-suite tests: where things are, and running the script as a real process.

$RepositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$RunSuiteScript = Join-Path $RepositoryRoot 'run-suite.ps1'

function Invoke-RunSuiteProcess {
    <#
    .SYNOPSIS
        Runs run-suite.ps1 in a new `dotnet pwsh` process, as a user would; returns its exit code
        and its output (stdout and stderr, one string).
    #>
    param([string[]] $Argument)

    Push-Location -LiteralPath $RepositoryRoot   # `dotnet pwsh` finds the tool manifest from here
    try {
        $output = & dotnet pwsh -NoProfile -NonInteractive -File $RunSuiteScript @Argument 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output -join [Environment]::NewLine) }
    }
    finally {
        Pop-Location
    }
}
