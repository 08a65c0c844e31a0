#!/usr/bin/env bash
# What a machine without access to an image registry runs before using docker/ (our CI machine is one): makes
# the base images that docker/Dockerfile and docker/compose.yml name available to the local Docker engine.
#   quay.io/keycloak/keycloak:<keycloak.version of pom.xml>   and   postgres:16
# Each one that is already there is left alone; one that can be pulled is pulled; otherwise a stand-in is built
# here from Debian (docker/stand-ins/) and given the official name:
#   - a Debian bookworm base from `debootstrap --variant=minbase`, using this machine's own apt mirror;
#   - Keycloak: Debian's openjdk-17-jre-headless plus Keycloak's distribution zip from Maven Central, laid out
#     like the official image (/opt/keycloak, user 1000, entrypoint kc.sh);
#   - PostgreSQL: Debian's postgresql package behind an entrypoint that honours the official image's
#     POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, POSTGRES_HOST_AUTH_METHOD, PGDATA and PGPORT.
# Needs root (debootstrap; sudo is used otherwise) only when a stand-in is built. Options: KEYCLOAK_VERSION (default: pom.xml),
# DEBIAN_MIRROR (default: the first bookworm mirror of /etc/apt/sources.list*), LOCAL_IMAGES_PULL=false (do not
# try the registries).
set -euo pipefail
cd "$(dirname "$0")/.."

keycloak_version="${KEYCLOAK_VERSION:-$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)}"
keycloak_image="quay.io/keycloak/keycloak:$keycloak_version"
postgres_image="postgres:16"
suite="bookworm"
minbase_image="keycloak-totp-mfa/debian-minbase:$suite"
stand_ins="docker/stand-ins"
# The legacy builder of Debian's docker.io; every build step runs on the host network (there is no bridge).
export DOCKER_BUILDKIT=0

work=""
cleanup() {
  if [ -n "$work" ] && [ -d "$work" ]; then
    # debootstrap mounts /proc and /sys in the new root; never delete through a mount that is still there.
    local mount_point
    awk -v root="$work/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount_point; do
      as_root umount -l "$mount_point" || true
    done
    as_root rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

has_image() {
  docker image inspect "$1" >/dev/null 2>&1
}

try_pull() {
  [ "${LOCAL_IMAGES_PULL:-true}" = "true" ] || return 1
  echo "local-images: trying to pull $1"
  timeout 300 docker pull --quiet "$1" >/dev/null 2>&1
}

# The first apt source of this machine that serves the Debian suite (deb822 .sources and one-line .list files).
debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then
    echo "$DEBIAN_MIRROR"
    return
  fi
  local file mirror
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    mirror="$(awk -v suite="$suite" '
      /^[[:space:]]*#/ { next }
      /^deb[[:space:]]/ {
        sub(/\[[^]]*\][[:space:]]*/, "")
        if ($3 == suite) { print $2; exit }
        next
      }
      /^[[:space:]]*$/ { if (uris != "" && has_suite) { print uris; exit } uris = ""; has_suite = 0; next }
      /^Types:/ { is_deb = ($0 ~ /[[:space:]]deb([[:space:]]|$)/) }
      /^URIs:/ { if (is_deb) uris = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) has_suite = 1 }
      END { if (uris != "" && has_suite) print uris }
    ' "$file" | head -n 1)"
    if [ -n "$mirror" ]; then
      echo "$mirror"
      return
    fi
  done
  echo "local-images: no apt source for Debian $suite found; set DEBIAN_MIRROR" >&2
  return 1
}

build_minbase() {
  if has_image "$minbase_image"; then
    return
  fi
  command -v debootstrap >/dev/null || { echo "local-images: debootstrap is needed (apt-get install debootstrap)" >&2; exit 1; }
  local mirror begin=$SECONDS
  mirror="$(debian_mirror)"
  echo "local-images: debootstrap --variant=minbase $suite from $mirror"
  work="$(mktemp -d /var/tmp/keycloak-totp-mfa-rootfs.XXXXXX)"
  as_root debootstrap --variant=minbase "$suite" "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    exit 1
  }
  as_root rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"*
  as_root tar -C "$work/root" -c . | docker import --message "debootstrap --variant=minbase $suite" - "$minbase_image" >/dev/null
  cleanup
  work=""
  echo "local-images: built $minbase_image in $((SECONDS - begin)) s"
}

build_keycloak() {
  build_minbase
  local zip="${MAVEN_REPOSITORY:-$HOME/.m2/repository}/org/keycloak/keycloak-quarkus-dist/$keycloak_version/keycloak-quarkus-dist-$keycloak_version.zip"
  if [ ! -f "$zip" ]; then
    mvn -B -q dependency:get -Dtransitive=false -Dartifact="org.keycloak:keycloak-quarkus-dist:$keycloak_version:zip"
  fi
  work="$(mktemp -d /var/tmp/keycloak-totp-mfa-dist.XXXXXX)"
  if command -v unzip >/dev/null; then
    unzip -q "$zip" -d "$work"
  else
    (cd "$work" && jar xf "$zip")
  fi
  mv "$work/keycloak-$keycloak_version" "$work/keycloak"
  cp "$stand_ins/keycloak.Dockerfile" "$work/Dockerfile"
  docker build --network host --quiet --build-arg "BASE=$minbase_image" --build-arg "KEYCLOAK_VERSION=$keycloak_version" \
    -t "$keycloak_image" "$work" >/dev/null
  cleanup
  work=""
}

build_postgres() {
  build_minbase
  docker build --network host --quiet --build-arg "BASE=$minbase_image" \
    -f "$stand_ins/postgres.Dockerfile" -t "$postgres_image" "$stand_ins" >/dev/null
}

provide() {
  local image="$1" builder="$2" begin
  if has_image "$image"; then
    echo "local-images: $image is present"
    return
  fi
  if try_pull "$image"; then
    echo "local-images: pulled $image"
    return
  fi
  begin=$SECONDS
  echo "local-images: $image cannot be pulled; building a stand-in from Debian $suite"
  "$builder"
  echo "local-images: built the stand-in $image in $((SECONDS - begin)) s"
}

provide "$keycloak_image" build_keycloak
provide "$postgres_image" build_postgres
