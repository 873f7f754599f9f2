#!/usr/bin/env bash
# Installs what builds and tests need beyond the .NET SDK, on Debian, idempotently:
# gcc + make (the simulator's native build), clang-14 (`conformance build-driver`, which compiles
# foreign WDM drivers in MSVC-compatible mode), llvm-14's llvm-cov and clang's profile runtime
# (`run --coverage` of a build-driver build: docs/coverage.md; gcc's gcov comes with gcc),
# chromium (the HTML report test), the dotnet tools
# (PowerShell) from .config/dotnet-tools.json. Fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v clang-14 >/dev/null 2>&1 || missing+=(clang-14)
command -v gcov >/dev/null 2>&1 || missing+=(gcc)
command -v llvm-cov-14 >/dev/null 2>&1 || missing+=(llvm-14)
compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.profile-x86_64.a" >/dev/null || missing+=(libclang-rt-14-dev)
if [[ "${1:-}" != "--no-browser" ]]; then
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "install-prerequisites: missing ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "install-prerequisites: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
dotnet tool restore >/dev/null
