#!/usr/bin/env bash
# `make loadtest`: the site as `make run` starts it (web + worker from the Procfile), then wrk
# on loopback, about 10 s per URL: requests per second and p99 latency. One client address is
# all the traffic, so rate limits are off for the table; a last row restarts the site with them
# counting as in production (limits set out of reach) to show what counting costs.
# Bounded and local only.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q wrk; }
PORT=${LOADTEST_PORT:-8877}
BASE="http://127.0.0.1:$PORT"
DATA=$(mktemp -d)
export IMMUNOPREP_DATA_DIR="$DATA" SITE_URL="$BASE" PATH="$PWD/.venv/bin:$PATH"
python manage.py migrate --noinput -v0
python manage.py load_demo >/dev/null
SERVER=
start_site() {  # extra environment for the site, e.g. RATELIMIT_ENABLE=0
  env "$@" honcho start -f Procfile -p "$PORT" >>"$DATA/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done
}
stop_site() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
trap 'stop_site; rm -rf "$DATA"' EXIT
start_site RATELIMIT_ENABLE=0

# One guide, made the way a person makes it, for the share page and its PDF.
JAR="$DATA/cookies"
curl -s -c "$JAR" -b "$JAR" -o /dev/null "$BASE/start/?cancer=melanoma&therapy=checkpoint-pd1"
curl -s -c "$JAR" -b "$JAR" -o /dev/null "$BASE/start/review/"
CSRF=$(awk '/csrftoken/ {print $7}' "$JAR")
EDIT=$(curl -s -c "$JAR" -b "$JAR" -o /dev/null -w "%{redirect_url}" -X POST -H "Referer: $BASE/start/review/" \
  -d "csrfmiddlewaretoken=$CSRF" "$BASE/start/review/")
SHARE=$(curl -s "$EDIT" | grep -o '/s/[A-Za-z0-9_-]*/' | head -n 1)
# Warm, as the person who made the guide would: its page (once per web process) and its
# printout (the background print may still be running).
warm() { for _ in $(seq "${WORKERS:-2}"); do curl -s -o /dev/null "$BASE$SHARE"; done; }
warm
curl -s -o /dev/null "$BASE${SHARE}guide.pdf"

measure() {  # label, path, seconds: one wrk run, one table row
  local out rps p99 errors timeouts
  out=$(wrk -t2 -c${LOADTEST_CONNECTIONS:-20} -d"$3"s --latency "$BASE$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  timeouts=$(awk '/Socket errors/ {print $NF}' <<<"$out")  # wrk leaves these out of p99
  printf "%-34s %10s %10s%s%s\n" "$1" "$rps" "$p99" "${errors:+  ($errors non-2xx)}" \
    "${timeouts:+  ($timeouts timed out after 2 s)}"
}

SECONDS_EACH=${LOADTEST_SECONDS:-10}
printf "%-34s %10s %10s\n" "URL" "req/s" "p99"
measure "/" "/" "$SECONDS_EACH"
measure "/start/who/" "/start/who/" "$SECONDS_EACH"
measure "share page" "$SHARE" "$SECONDS_EACH"
measure "/healthz" "/healthz" "$SECONDS_EACH"
measure "share page PDF (cached)" "${SHARE}guide.pdf" "$SECONDS_EACH"

# The share page while ten different printouts (none cached) are asked for at once: readers
# must not wait behind the print lanes. Some of the ten may get the busy page; that is by design.
BURST=()
for paper in letter a4; do
  for extra in about diary wallet glossary sources; do
    curl -s -o /dev/null -w "%{http_code}\n" "$BASE${SHARE}guide.pdf?paper=$paper&section=cover&section=$extra" \
      >>"$DATA/burst" &
    BURST+=($!)
  done
done
measure "share page, 10 new PDFs at once" "$SHARE" 5
wait "${BURST[@]}"
echo "the 10 PDFs answered: $(sort "$DATA/burst" | uniq -c | awk '{printf "%s%s x %s", sep, $1, $2; sep=", "}')"

stop_site
start_site RATE_TOKEN_LOOKUP=100000000/m
warm
measure "share page, rate limits counting" "$SHARE" "$SECONDS_EACH"
exit 0
