#!/usr/bin/env bash
# Prints pom.xml's project version (e.g. 0.1.0-SNAPSHOT), as Maven reads it. Through a file: Maven 3.8's -DforceStdout
# wraps the value in colour codes.
set -euo pipefail
cd "$(dirname "$0")/.."

value="$(mktemp)"
trap 'rm -f "$value"' EXIT
mvn -B -q help:evaluate -Dexpression=project.version -Doutput="$value" >/dev/null
cat "$value"
echo
