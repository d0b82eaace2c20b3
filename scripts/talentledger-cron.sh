#!/usr/bin/env bash
# Nightly run of talentledger over a jurisdiction folder made by `talentledger init`.
#   crontab:  30 2 * * *  /opt/talentledger/bin/talentledger-cron.sh /srv/三培养
# Install it beside the talentledger command of the server's virtual environment (README, 部署到服务器):
# cron's PATH is /usr/bin:/bin, so the command is looked for next to this script first.
# cron mails whatever this prints: nothing when every file was accepted, the rejected files
# otherwise. The exit status is non-zero when a file was rejected or the run failed.
set -euo pipefail
folder=${1:?用法：talentledger-cron.sh 工作文件夹}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# cron starts with no locale: file names and messages are Chinese, so Python reads and writes UTF-8.
export PYTHONUTF8=1
cd "$folder"
for candidate in "${TALENTLEDGER:-}" "$here/talentledger" "$PWD/.venv/bin/talentledger"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    exec "$candidate" batch --inbox inbox --out reports --config talentledger.toml
  fi
done
if command -v talentledger >/dev/null 2>&1; then
  exec talentledger batch --inbox inbox --out reports --config talentledger.toml
fi
echo "错误：找不到 talentledger 命令。请按 README“部署到服务器”把本脚本装到虚拟环境的 bin/ 中，" \
     "或设置环境变量 TALENTLEDGER=/opt/talentledger/bin/talentledger。" >&2
exit 2
