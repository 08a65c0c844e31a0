# Sourced by .ci/run: makes a Docker engine available, and stops again only the one it started itself.
#   docker_engine_up     uses a running engine (DOCKER_HOST or the default socket) or starts Debian's dockerd;
#                        exports DOCKER_HOST for what follows (docker, docker-compose, Testcontainers)
#   docker_engine_down   stops the dockerd that docker_engine_up started, by its PID; nothing else
# The engine of this project's CI machine: Debian's docker.io with the vfs storage driver, no bridge network and no
# iptables rules (every container runs on the host network, so all traffic stays on 127.0.0.1). Its data root
# persists between runs, so images built once (docker/local-images.sh) are reused.

DOCKER_ENGINE_STATE_DIR="${DOCKER_ENGINE_STATE_DIR:-/var/lib/keycloak-totp-mfa/docker}"
DOCKER_ENGINE_RUN_DIR="${DOCKER_ENGINE_RUN_DIR:-/run/keycloak-totp-mfa-docker}"
docker_engine_started_pid=""

docker_engine_up() {
  if docker info >/dev/null 2>&1; then
    echo "docker: using the running engine (${DOCKER_HOST:-default socket})"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "docker: no engine is running and dockerd is not installed (Debian: apt-get install docker.io)" >&2
    return 1
  fi
  mkdir -p "$DOCKER_ENGINE_STATE_DIR" "$DOCKER_ENGINE_RUN_DIR"
  local socket="$DOCKER_ENGINE_RUN_DIR/docker.sock"
  local log="$DOCKER_ENGINE_RUN_DIR/dockerd.log"
  # setsid: dockerd and its containerd get a process group of their own, which docker_engine_down can end.
  setsid dockerd \
    --host "unix://$socket" \
    --data-root "$DOCKER_ENGINE_STATE_DIR" \
    --exec-root "$DOCKER_ENGINE_RUN_DIR/exec" \
    --pidfile "$DOCKER_ENGINE_RUN_DIR/dockerd.pid" \
    --storage-driver vfs \
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
  echo "docker: started dockerd (pid $docker_engine_started_pid, $DOCKER_HOST) in ${waited} s"
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
