#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report's browser test (ReportRendersInChromium).
# Idempotent: does nothing when /usr/bin/chromium is already there, and refreshes the package
# lists only when the package cannot be installed without it, so a warm machine pays nothing.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
    exit 0
fi

# Root on CI and developer machines; sudo only where a person runs it without being root.
as_root=()
if [[ "$(id -u)" -ne 0 ]]; then
    as_root=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show chromium >/dev/null 2>&1; then
    "${as_root[@]}" apt-get update
fi
"${as_root[@]}" apt-get install -y chromium
