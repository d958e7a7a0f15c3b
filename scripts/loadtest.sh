#!/usr/bin/env bash
# `make loadtest`: the site as `make run` starts it (web + worker from the Procfile), then wrk
# on loopback, about 10 s per URL: requests per second and p99 latency. Rate limits are off
# for the run (one client address is all the traffic). Bounded and local only.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q wrk; }
PORT=${LOADTEST_PORT:-8877}
BASE="http://127.0.0.1:$PORT"
DATA=$(mktemp -d)
export IMMUNOPREP_DATA_DIR="$DATA" RATELIMIT_ENABLE=0 SITE_URL="$BASE" PATH="$PWD/.venv/bin:$PATH"
python manage.py migrate --noinput -v0
python manage.py load_demo >/dev/null
honcho start -f Procfile -p "$PORT" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done

# One guide, made the way a person makes it, for the share page and its PDF.
JAR="$DATA/cookies"
curl -s -c "$JAR" -b "$JAR" -o /dev/null "$BASE/start/?cancer=melanoma&therapy=checkpoint-pd1"
curl -s -c "$JAR" -b "$JAR" -o /dev/null "$BASE/start/review/"
CSRF=$(awk '/csrftoken/ {print $7}' "$JAR")
EDIT=$(curl -s -c "$JAR" -b "$JAR" -o /dev/null -w "%{redirect_url}" -X POST -H "Referer: $BASE/start/review/" \
  -d "csrfmiddlewaretoken=$CSRF" "$BASE/start/review/")
SHARE=$(curl -s "$EDIT" | grep -o '/s/[A-Za-z0-9_-]*/' | head -n 1)
curl -s -o /dev/null "$BASE${SHARE}guide.pdf"  # warm: the background print may still be running

printf "%-28s %10s %10s\n" "URL" "req/s" "p99"
for path in "/" "/start/who/" "$SHARE" "/healthz" "${SHARE}guide.pdf"; do
  out=$(wrk -t2 -c16 -d${LOADTEST_SECONDS:-10}s --latency "$BASE$path")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  label=$path
  [[ $path == /s/* ]] && label="share page"
  [[ $path == *.pdf ]] && label="share page PDF (cached)"
  printf "%-28s %10s %10s%s\n" "$label" "$rps" "$p99" "${errors:+  ($errors non-2xx)}"
done
exit 0
