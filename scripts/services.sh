#!/usr/bin/env bash
# Make sure Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432) answer, for the queue-mode tests.
# A service already answering is left alone. A missing one is installed from Debian's packages
# (apt-get update once) and started; then the test database `sheetsync_test` is created.
# Run by `make test` before pytest; needs root (or sudo) only when something must be installed.
set -euo pipefail

REDIS_PORT=6379
PG_PORT=5432
PG_USER=${PGUSER:-postgres}
TEST_DB=sheetsync_test
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
UPDATED=""

answers() { # host port: true when something accepts TCP connections there
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

install() {
    if [ -z "$UPDATED" ]; then
        $SUDO apt-get update -qq
        UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

wait_for() { # port name
    for _ in $(seq 1 50); do
        if answers "$1"; then return 0; fi
        sleep 0.2
    done
    echo "services.sh: $2 does not answer on 127.0.0.1:$1" >&2
    exit 1
}

if ! answers "$REDIS_PORT"; then
    command -v redis-server >/dev/null || install redis-server
    echo "services.sh: starting Redis on 127.0.0.1:$REDIS_PORT" >&2
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no
    wait_for "$REDIS_PORT" Redis
fi

if ! answers "$PG_PORT"; then
    if [ ! -d /etc/postgresql ] || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
        install postgresql
    fi
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "services.sh: starting PostgreSQL $version on 127.0.0.1:$PG_PORT" >&2
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
    wait_for "$PG_PORT" PostgreSQL
    # Debian's cluster asks TCP clients for a password: give the test user a known one.
    as_postgres=(su postgres -c)
    if [ -n "$SUDO" ]; then as_postgres=(sudo -u postgres sh -c); fi
    "${as_postgres[@]}" "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
fi

export PGPASSWORD=${PGPASSWORD:-postgres}
if ! psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$TEST_DB'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -q -c "CREATE DATABASE $TEST_DB"
fi
echo "services.sh: Redis and PostgreSQL answer; test database $TEST_DB ready" >&2
