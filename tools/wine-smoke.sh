#!/usr/bin/env bash
# Wine smoke test of the Windows target (issue 8): the reference driver's real .sys, built here
# with clang + mingw-w64, loaded by Wine's ntoskrnl inside winedevice.exe, and the win-x64 CLI
# firing the catalog's Wine-judgeable cases at it through NtDeviceIoControlFile.
#
#   tools/wine-smoke.sh [--defect-variant N] [--cli PATH.exe] [--min-cases N]
#
#   --defect-variant N  load seeded defect variant N (driver-under-test/DEFECTS.md); default 0
#   --cli PATH.exe      run this win-x64 executable instead of publishing the CLI (e.g. a cached
#                       publish folder's conformance.exe); it gets the same arguments
#   --min-cases N       fail when fewer cases were fired (default 50)
#
# What Wine can and cannot judge, and the facts behind every step: docs/wine.md.
# The last line printed is the path of the run's results.json. Exit status: the CLI's own status
# when it failed (1 findings or errors, 2 usage, 3 a call hung, 130 interrupted), 1 when the run
# fired fewer than --min-cases cases or left no results.json, else 0.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

variant=0
cli=""
min_cases=50
while (($# > 0)); do
    case "$1" in
        --defect-variant) variant=${2:?--defect-variant needs a number}; shift 2 ;;
        --cli) cli=${2:?--cli needs a path}; shift 2 ;;
        --min-cases) min_cases=${2:?--min-cases needs a number}; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "wine-smoke: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

# Everything Wine-related lives under .tools/ (git-ignored) and is reused by the next run.
tools_dir=$root/.tools
prefix=$tools_dir/wine-prefix
publish_dir=$tools_dir/wine-cli
results_dir=$root/results/wine
# The subset of the catalog whose verdicts Wine can give faithfully (docs/wine.md, "The subset").
case_list=scenarios/wine/judgeable-cases.txt

# Debian's wine64 puts its loader and server here, not on PATH.
wine=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver

log() { echo "wine-smoke: $*" >&2; }

# ---------------------------------------------------------------------------------------------
# 1. Prerequisites, installed with apt-get only when missing (a no-op on a prepared machine).
#    wine64 without recommends: no 32-bit Wine, no X; the Mono and Gecko installers are skipped
#    below with WINEDLLOVERRIDES. jq reads results.json.
# ---------------------------------------------------------------------------------------------
missing=()
[[ -x $wine ]] || missing+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64)
command -v clang-14 >/dev/null 2>&1 || missing+=(clang-14)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -ne 0 ]]; then
        log "missing ${missing[*]}; run as root or: sudo apt-get install -y --no-install-recommends ${missing[*]}"
        exit 1
    fi
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---------------------------------------------------------------------------------------------
# 2. The driver's Windows build, and a check that Wine's ntoskrnl.exe exports every import
#    (a missing one would only show up as a failed service start).
# ---------------------------------------------------------------------------------------------
make -s -C driver-under-test windows windows-imports >&2
driver=$root/driver-under-test/build/windows/ConformanceSample.sys

# ---------------------------------------------------------------------------------------------
# 3. The CLI as a self-contained win-x64 app (the runtime pack comes from NuGet).
# ---------------------------------------------------------------------------------------------
if [[ -z $cli ]]; then
    log "publishing the CLI for win-x64"
    dotnet publish src/Conformance/Conformance.Cli -c Release -r win-x64 --self-contained \
        -o "$publish_dir" --nologo -v quiet >&2
    cli=$publish_dir/conformance.exe
fi
[[ -f $cli ]] || { log "no CLI at $cli"; exit 1; }

# ---------------------------------------------------------------------------------------------
# 4. The Wine prefix, made once and reused (wineboot takes ~12 s and ~700 MB).
# ---------------------------------------------------------------------------------------------
export WINEPREFIX=$prefix
export WINEDEBUG=-all                    # Wine's own fixme/warning chatter is not our output
if [[ ! -f $prefix/system.reg ]]; then
    log "creating the Wine prefix $prefix"
    mkdir -p "$tools_dir"
    # No Mono/Gecko install prompts, for wineboot only: with mscoree disabled, the self-contained .NET
    # CLI cannot load its own assemblies ("Could not load file or assembly System.Runtime.dll").
    WINEDLLOVERRIDES="mscoree,mshtml=" "$wine" wineboot -i >/dev/null 2>&1
    "$wineserver" -w
fi

# Wine maps the Linux root to drive Z:, so /a/b is Z:\a\b for the Windows side.
winpath() { printf 'Z:%s' "${1//\//\\}"; }

# ---------------------------------------------------------------------------------------------
# 5. The run, in ONE Wine session: the CLI installs the driver through the service control
#    manager (copy to system32\drivers, service key, DefectVariant, start) and fires the cases.
#    wineserver stops services.exe and winedevice.exe when the last Windows process exits, so
#    nothing may be split into several wine64 invocations.
#    --no-capture: Wine has no ETW; event expectations are reported as not observed.
# ---------------------------------------------------------------------------------------------
mkdir -p "$results_dir"
marker=$(mktemp "$tools_dir/wine-smoke-start.XXXXXX")
trap 'rm -f "$marker"' EXIT

cli_status=0
"$wine" "$cli" run --target windows \
    --root "$(winpath "$root")" \
    --driver "$(winpath "$driver")" \
    --defect-variant "$variant" \
    --no-capture \
    --filter "@$(winpath "$root/$case_list")" \
    --results "$(winpath "$results_dir")" >&2 || cli_status=$?
# Wait for services.exe and winedevice.exe to stop, so the next run starts from a quiet prefix.
"$wineserver" -w

# The run's folder is the one whose results.json appeared after this script started.
results_json=$(find "$results_dir" -name results.json -newer "$marker" -printf '%T@ %p\n' \
    | sort -n | tail -n 1 | cut -d' ' -f2-)
if [[ -z $results_json ]]; then
    log "the CLI (exit $cli_status) wrote no results.json under $results_dir"
    exit $((cli_status != 0 ? cli_status : 1))
fi

# Fired = every case the run judged or errored on; blocked cases were never sent to the driver.
fired=$(jq '.summary.total - .summary.blocked' "$results_json")
log "$(jq -r '.summary | "\(.total) cases: \(.passed) passed, \(.failed) failed, \(.errors) errors, \(.blocked) blocked"' "$results_json")"

status=$cli_status
if ((status == 0 && fired < min_cases)); then
    log "only $fired case(s) fired, fewer than $min_cases"
    status=1
fi
echo "$results_json"
exit "$status"
