#!/usr/bin/env bash
# Install (if needed) and start a local PostgreSQL server for the tests, then print the URL
# the tests read from TALENTLEDGER_TEST_PG. Needs root and Debian's packages (as in CI).
#
# Only the URL goes to standard output: the callers capture it with $(...), and the Debian
# tools print notes of their own ("Removed stale pid file.") that would corrupt it.
set -euo pipefail
URL="postgresql+psycopg://talentledger:talentledger@127.0.0.1:5432/talentledger"

start_server() {
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main
  if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
    # A server killed with the machine leaves lock files naming a dead process; with no
    # postgres process alive they are stale and would stop the new server from starting.
    if ! pgrep -x postgres >/dev/null; then
      rm -f /var/run/postgresql/.s.PGSQL.*.lock
    fi
    pg_ctlcluster "$version" main start
  fi
  # The server may take a moment to accept connections after a crash recovery.
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p 5432
}

create_role_and_database() {
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='talentledger'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"CREATE ROLE talentledger LOGIN SUPERUSER PASSWORD 'talentledger'\""
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='talentledger'\"" | grep -q 1 \
    || su postgres -c "createdb -O talentledger talentledger"
}

{
  start_server
  create_role_and_database
} >&2
echo "$URL"
