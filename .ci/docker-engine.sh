# Sourced by .ci/run: makes a Docker engine available, and stops again only the one it started itself.
#   docker_engine_up     uses a running engine (DOCKER_HOST or the default socket) or starts Debian's dockerd;
#                        exports DOCKER_HOST for what follows (docker, docker-compose, Testcontainers, and Maven,
#                        whose profile docker it turns on) in both cases
#   docker_engine_down   stops the dockerd that docker_engine_up started, by its PID; nothing else
# The engine of this project's CI machine: Debian's docker.io with no bridge network and no iptables rules (every
# container runs on the host network, so all traffic stays on 127.0.0.1), and the overlay2 storage driver where the
# kernel mounts overlay on the data root's file system, else vfs (which copies a whole image per layer and per
# container: image builds take several times longer). DOCKER_ENGINE_STORAGE_DRIVER chooses. Its data root persists
# between runs on one machine, so images built once (docker/local-images.sh) are reused there.

DOCKER_ENGINE_STATE_DIR="${DOCKER_ENGINE_STATE_DIR:-/var/lib/keycloak-totp-mfa/docker}"
DOCKER_ENGINE_RUN_DIR="${DOCKER_ENGINE_RUN_DIR:-/run/keycloak-totp-mfa-docker}"
docker_engine_started_pid=""

# overlay2 if an overlay mount works under the data root (not inside another overlay, not in every sandbox), else vfs.
docker_engine_storage_driver() {
  if [ -n "${DOCKER_ENGINE_STORAGE_DRIVER:-}" ]; then
    echo "$DOCKER_ENGINE_STORAGE_DRIVER"
    return
  fi
  local probe driver=vfs
  probe="$(mktemp -d "$DOCKER_ENGINE_STATE_DIR/.overlay-probe.XXXXXX")"
  mkdir "$probe/lower" "$probe/upper" "$probe/work" "$probe/merged"
  if mount -t overlay overlay -o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" \
    "$probe/merged" 2>/dev/null; then
    umount "$probe/merged"
    driver=overlay2
  fi
  rm -rf "$probe"
  echo "$driver"
}

docker_engine_up() {
  if docker info >/dev/null 2>&1; then
    if [ -z "${DOCKER_HOST:-}" ]; then
      DOCKER_HOST="$(docker context inspect --format '{{.Endpoints.docker.Host}}' 2>/dev/null || true)"
      export DOCKER_HOST="${DOCKER_HOST:-unix:///var/run/docker.sock}"
    fi
    echo "docker: using the running engine ($DOCKER_HOST)"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "docker: no engine is running and dockerd is not installed (Debian: apt-get install docker.io)" >&2
    return 1
  fi
  mkdir -p "$DOCKER_ENGINE_STATE_DIR" "$DOCKER_ENGINE_RUN_DIR"
  local socket="$DOCKER_ENGINE_RUN_DIR/docker.sock"
  # An engine this script started earlier (by another run, still up) owns the data root: use it, never start a
  # second one on the same data.
  if DOCKER_HOST="unix://$socket" docker info >/dev/null 2>&1; then
    export DOCKER_HOST="unix://$socket"
    echo "docker: using the running engine of an earlier run ($DOCKER_HOST)"
    return 0
  fi
  local log="$DOCKER_ENGINE_RUN_DIR/dockerd.log"
  local driver
  driver="$(docker_engine_storage_driver)"
  # setsid: dockerd and its containerd get a process group of their own, which docker_engine_down can end.
  setsid dockerd \
    --host "unix://$socket" \
    --data-root "$DOCKER_ENGINE_STATE_DIR" \
    --exec-root "$DOCKER_ENGINE_RUN_DIR/exec" \
    --pidfile "$DOCKER_ENGINE_RUN_DIR/dockerd.pid" \
    --storage-driver "$driver" \
    --bridge none \
    --iptables=false \
    --ip6tables=false \
    --ip-masq=false \
    >"$log" 2>&1 </dev/null &
  docker_engine_started_pid=$!
  export DOCKER_HOST="unix://$socket"
  local waited=0
  until docker info >/dev/null 2>&1; do
    if ! kill -0 "$docker_engine_started_pid" 2>/dev/null || [ "$waited" -ge 60 ]; then
      echo "docker: dockerd did not come up; last lines of $log:" >&2
      tail -n 30 "$log" >&2 || true
      docker_engine_down
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "docker: started dockerd (pid $docker_engine_started_pid, $DOCKER_HOST, storage $driver) in ${waited} s"
}

docker_engine_down() {
  local pid="$docker_engine_started_pid"
  [ -n "$pid" ] || return 0
  docker_engine_started_pid=""
  if kill -0 "$pid" 2>/dev/null; then
    # Containers left over from a failed step first, so that dockerd can stop them cleanly.
    local leftovers
    leftovers="$(docker ps -q 2>/dev/null || true)"
    if [ -n "$leftovers" ]; then
      echo "docker: stopping left-over containers: $(echo "$leftovers" | tr '\n' ' ')"
      # shellcheck disable=SC2086
      docker stop --time 20 $leftovers >/dev/null 2>&1 || true
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 30 ]; do
      sleep 1
      waited=$((waited + 1))
    done
    # Its process group (the managed containerd, shims) only if something outlived dockerd.
    if kill -0 -- "-$pid" 2>/dev/null; then
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  fi
  echo "docker: stopped the dockerd this run started (pid $pid)"
}
