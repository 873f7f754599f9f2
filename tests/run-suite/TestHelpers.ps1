# Shared by the run-suite tests: where things are, loading the module, and running an entry script
# as a real process.

$RepositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$RunSuiteScript = Join-Path $RepositoryRoot 'run-suite.ps1'
$PrepareVmScript = Join-Path $RepositoryRoot 'prepare-vm.ps1'
$ModuleFolder = Join-Path $RepositoryRoot 'tools/ConformanceSuite'
$ModuleManifest = Join-Path $ModuleFolder 'ConformanceSuite.psd1'

Import-Module $ModuleManifest -Force

function Invoke-RunSuiteProcess {
    <#
    .SYNOPSIS
        Runs run-suite.ps1 (or -Script) in a new `dotnet pwsh` process, as a user would; returns its
        exit code and its output (stdout and stderr, one string).
    #>
    param([string[]] $Argument, [string] $Script = $RunSuiteScript)

    Push-Location -LiteralPath $RepositoryRoot   # `dotnet pwsh` finds the tool manifest from here
    try {
        $output = & dotnet pwsh -NoProfile -NonInteractive -File $Script @Argument 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output -join [Environment]::NewLine) }
    }
    finally {
        Pop-Location
    }
}
