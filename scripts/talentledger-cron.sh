#!/usr/bin/env bash
# Nightly run of talentledger over a jurisdiction folder made by `talentledger init`.
#   crontab:  30 2 * * *  /path/to/talentledger-cron.sh /srv/组织部/三培养
# cron mails whatever this prints: nothing when every file was accepted, the rejected files
# otherwise. The exit status is non-zero when a file was rejected or the run failed.
set -euo pipefail
folder=${1:?usage: talentledger-cron.sh JURISDICTION_FOLDER}
cd "$folder"
# A virtual environment in the folder, if there is one (python3 -m venv .venv; .venv/bin/pip install talentledger).
if [ -x .venv/bin/talentledger ]; then
  PATH="$PWD/.venv/bin:$PATH"
fi
exec talentledger batch --inbox inbox --out reports --config talentledger.toml
