#!/usr/bin/env bash
# Prints what CHANGELOG.md (Keep a Changelog) says about one version: the lines under its heading
# ("## [0.1.0] - 2026-12-07" or "## 0.1.0 ...") up to the next version's heading. Fails when there is no such section, so
# no release goes out without saying what it gives admins.
# Usage: .ci/release-notes.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:?usage: .ci/release-notes.sh VERSION}"
[ -f CHANGELOG.md ] || { echo "release-notes: no CHANGELOG.md" >&2; exit 1; }
notes="$(awk -v version="$version" '
  /^## / {
    heading = $2
    gsub(/[][]/, "", heading)
    if (in_section) exit
    in_section = (heading == version)
    next
  }
  in_section { print }
' CHANGELOG.md)"
if [ -z "$(echo "$notes" | tr -d '[:space:]')" ]; then
  echo "release-notes: CHANGELOG.md has no section for $version" >&2
  exit 1
fi
echo "$notes"
