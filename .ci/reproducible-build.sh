#!/usr/bin/env bash
# Proves the build reproducible: copies the checked-out commit twice into fresh directories, builds the jar in each
# (no tests: only the bytes of the jar matter here) and compares the two jars' SHA-256. An admin who rebuilds a
# release from its tag gets the jar the release page offers, byte for byte. What makes it so: the pom's
# project.build.outputTimestamp (every entry's time, and a fixed entry order); javac and the resources are
# deterministic already. The two clones sit at different paths, so an absolute path in the jar would show too.
# Usage: .ci/reproducible-build.sh        (about a minute when Maven's local repository is filled)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

work="$(mktemp -d -t keycloak-totp-mfa-reproducible.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# build DIR: the current commit's files in DIR (what a clean clone checks out: tracked files only, nothing of
# target/ or of an edit not committed), and its jar built there; prints the jar's path. git archive rather than
# git clone, because CI checks out one commit shallowly and often detached (a tag, a pull request's merge).
build() {
  local dir="$1"
  mkdir -p "$dir"
  git -C "$root" archive HEAD | tar -x -C "$dir"
  # Tests are neither compiled nor run; the formatter check has no effect on the bytes.
  (cd "$dir" && mvn -B -q package -Dmaven.test.skip=true -Dspotless.check.skip=true -Dcyclonedx.skip=true) >&2
  ls "$dir"/target/keycloak-totp-mfa-*.jar
}

first="$(build "$work/first")"
second="$(build "$work/second")"
first_sum="$(sha256sum "$first" | cut -d' ' -f1)"
second_sum="$(sha256sum "$second" | cut -d' ' -f1)"
echo "reproducible-build: $(git -C "$root" rev-parse --short HEAD) $(basename "$first")"
echo "  first build:  $first_sum"
echo "  second build: $second_sum"
if [ "$first_sum" != "$second_sum" ]; then
  echo "reproducible-build: the two jars differ; the entries that differ:" >&2
  diff <(unzip -lv "$first" | awk '{print $5, $6, $7, $8}') <(unzip -lv "$second" | awk '{print $5, $6, $7, $8}') >&2 || true
  exit 1
fi
