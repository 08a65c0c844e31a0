#!/bin/sh
# Entrypoint of the PostgreSQL stand-in: on the first start (empty PGDATA) creates the cluster the way the official
# image does from POSTGRES_USER (default postgres), POSTGRES_PASSWORD, POSTGRES_DB (default: the user) and
# POSTGRES_HOST_AUTH_METHOD (default scram-sha-256); then runs the command as user postgres. PGPORT moves the port.
set -eu

if [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  user="${POSTGRES_USER:-postgres}"
  database="${POSTGRES_DB:-$user}"
  method="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$method" != trust ]; then
    echo "postgres stand-in: set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  password_file="$(mktemp)"
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$password_file"
  initdb --username="$user" --pwfile="$password_file" --auth-local=trust --auth-host="$method" \
    --encoding=UTF8 -D "$PGDATA" >/dev/null
  rm -f "$password_file"
  echo "host all all all $method" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  if [ "$database" != postgres ]; then
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    psql -v ON_ERROR_STOP=1 --username="$user" --dbname=postgres --quiet \
      --command="CREATE DATABASE \"$database\""
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  echo "postgres stand-in: created the cluster in $PGDATA (user $user, database $database, host auth $method)"
fi

exec "$@"
