#!/usr/bin/env bash
# The project's tests, from a fresh clone: prerequisites, native builds (driven by MSBuild),
# every test project of the solution. TRX results land in TestResults/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-prerequisites.sh
rm -rf TestResults
dotnet test Conformance.sln --nologo --logger "trx" --results-directory TestResults "$@"
