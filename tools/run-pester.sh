#!/usr/bin/env bash
# The Pester tests of run-suite.ps1 (tests/run-suite/). Pester 6.2.0 comes from NuGet into
# .tools/pester (once; git-ignored), PowerShell from the dotnet tool manifest. Results: NUnit XML in
# TestResults/pester.xml. Exits non-zero when a test fails or Pester cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."

pester_version=6.2.0
pester_module=".tools/pester/pester/${pester_version}/tools/Pester.psd1"
if [[ ! -f "$pester_module" ]]; then
    echo "run-pester: downloading Pester ${pester_version} from NuGet into .tools/pester"
    # Into a fresh folder first, so an interrupted download is never mistaken for an installed one.
    rm -rf .tools/pester.download
    dotnet package download "Pester@${pester_version}" --output .tools/pester.download >/dev/null
    rm -rf .tools/pester
    mv .tools/pester.download .tools/pester
fi
dotnet tool restore >/dev/null
mkdir -p TestResults

render=Auto
[[ -t 1 ]] || render=Plaintext   # no colour codes in CI logs

PESTER_MODULE="$PWD/$pester_module" PESTER_RENDER="$render" dotnet pwsh -NoProfile -NonInteractive -Command '
    $ErrorActionPreference = "Stop"
    Import-Module $env:PESTER_MODULE -Force
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = "tests/run-suite"
    $configuration.Run.Exit = $true
    $configuration.Output.Verbosity = "Detailed"
    $configuration.Output.RenderMode = $env:PESTER_RENDER
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = "NUnitXml"
    $configuration.TestResult.OutputPath = "TestResults/pester.xml"
    Invoke-Pester -Configuration $configuration
'
