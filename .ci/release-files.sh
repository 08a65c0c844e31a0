#!/usr/bin/env bash
# The files a release publishes, from a build that has run (`mvn -B verify` or `mvn -B package`), copied into one
# directory:
#   keycloak-totp-mfa-<version>.jar
#   keycloak-totp-mfa-<version>.jar.sha256       checked with: sha256sum -c keycloak-totp-mfa-<version>.jar.sha256
#   keycloak-totp-mfa-<version>-cyclonedx.json   the CycloneDX SBOM (cyclonedx-maven-plugin, in the package phase)
# Usage: .ci/release-files.sh [OUTPUT_DIR]       (default target/release; prints the checksum)
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-target/release}"
version="$(bash .ci/project-version.sh)"
name="keycloak-totp-mfa-$version"
for file in "target/$name.jar" "target/$name-cyclonedx.json"; do
  [ -f "$file" ] || { echo "release-files: $file is missing; build first (mvn -B verify)" >&2; exit 1; }
done

mkdir -p "$out"
cp "target/$name.jar" "target/$name-cyclonedx.json" "$out/"
# The file names only the jar's base name, so `sha256sum -c` works in whatever directory both were downloaded to.
(cd "$out" && sha256sum "$name.jar" >"$name.jar.sha256" && sha256sum -c "$name.jar.sha256" >/dev/null)
echo "release-files: $out"
cat "$out/$name.jar.sha256"
