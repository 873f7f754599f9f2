#!/usr/bin/env bash
# The project's tests, from a fresh clone: prerequisites, native builds (driven by MSBuild),
# every test project of the solution, then the Pester tests of run-suite.ps1. TRX results and
# pester.xml (NUnit XML) land in TestResults/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-prerequisites.sh
rm -rf TestResults
status=0
dotnet test Conformance.sln --nologo --logger "trx" --results-directory TestResults "$@" || status=$?
# The Pester tests of run-suite.ps1 run even when dotnet test failed; either failing fails the script.
bash tools/run-pester.sh || status=$?
exit "$status"
