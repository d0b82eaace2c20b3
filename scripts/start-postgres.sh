#!/usr/bin/env bash
# Install (if needed) and start a local PostgreSQL server for the tests, then print the URL
# the tests read from TALENTLEDGER_TEST_PG. Needs root and Debian's packages (as in CI).
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
  pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null
  pg_ctlcluster "$version" main start
fi
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='talentledger'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE talentledger LOGIN SUPERUSER PASSWORD 'talentledger'\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='talentledger'\"" | grep -q 1 \
  || su postgres -c "createdb -O talentledger talentledger"
echo "postgresql+psycopg://talentledger:talentledger@127.0.0.1:5432/talentledger"
