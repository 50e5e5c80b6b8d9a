#!/usr/bin/env bash
# Demo for release-gate.yml: records 30 benchmark runs of two operations for releases v1 and v2 of
# service "demo" (v2 2% slower on search: under the 5% threshold), waits until the server has
# stored them, and snapshots both releases with the files under demo/<release>/.
# Usage: bench-and-snapshot.sh SERVER_URL
set -euo pipefail
server="${1:?usage: bench-and-snapshot.sh SERVER_URL}"
here="$(cd "$(dirname "$0")" && pwd)"
now_ms=$(( $(date +%s) * 1000 ))

runs() { # release seed start_ms search_factor
  awk -v release="$1" -v seed="$2" -v start="$3" -v factor="$4" 'BEGIN {
    srand(seed); printf "{\"agent\":\"demo-bench-%s\",\"batch\":1,\"samples\":[", release
    n = 0
    split("checkout:300 search:45", ops, " ")
    for (o = 1; o <= 2; o++) {
      split(ops[o], kv, ":"); level = kv[2] * (kv[1] == "search" ? factor : 1)
      for (r = 0; r < 30; r++) {
        # Irwin-Hall: the sum of 12 uniforms less 6 is close to a standard normal
        z = -6; for (k = 0; k < 12; k++) z += rand()
        printf "%s{\"metric\":\"bench_latency_ms\",\"labels\":{\"service\":\"demo\",\"release\":\"%s\",\"operation\":\"%s\"},\"ts\":%.0f,\"value\":%.4f}", (n++ ? "," : ""), release, kv[1], start + r * 1000, level * (1 + 0.01 * z)
      }
    }
    print "]}"
  }'
}

post() { # path content-type body-file
  code=$(curl -sS -o /tmp/tidemark-demo-reply -w '%{http_code}' -X POST "$server$1" -H "Content-Type: $2" --data-binary "@$3")
  if [[ "$code" != 2* ]]; then
    echo "cannot post $1: server answered $code $(cat /tmp/tidemark-demo-reply)" >&2
    exit 1
  fi
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
runs v1 1 $(( now_ms - 600000 )) 1.00 > "$tmp/v1.json"
runs v2 2 $(( now_ms - 300000 )) 1.02 > "$tmp/v2.json"
post /api/v1/ingest application/json "$tmp/v1.json"
post /api/v1/ingest application/json "$tmp/v2.json"

# ingest answers once the runs are in the write-ahead log; wait until storage has them
for release in v1 v2; do
  for i in $(seq 1 60); do
    # 404 until the first run is stored; neither that nor no match yet stops the script
    stored=$({ curl -sS "$server/api/releases/$release/metrics?service=demo" || true; } | { grep -o '"runs":30' || true; } | wc -l)
    if [[ $stored -ge 2 ]]; then
      break
    fi
    [[ $i == 60 ]] && { echo "cannot see the runs of $release in storage after 30 s" >&2; exit 1; }
    sleep 0.5
  done
done

for release in v1 v2; do
  args=(-F service=demo -F commit="demo-$release")
  [[ $release == v2 ]] && args+=(-F baseline=v1)
  for f in "$here/demo/$release"/*; do
    args+=(-F "file=@$f")
  done
  code=$(curl -sS -o /tmp/tidemark-demo-reply -w '%{http_code}' -X POST "$server/api/releases/$release/snapshot" "${args[@]}")
  if [[ "$code" != 201 ]]; then
    echo "cannot snapshot $release: server answered $code $(cat /tmp/tidemark-demo-reply)" >&2
    exit 1
  fi
done
echo "recorded and snapshotted v1 and v2 of service demo"
