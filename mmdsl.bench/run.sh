#!/usr/bin/env bash
# Issue 17's measurements in one run (README, "Measurements"): c/mmbench.c on this machine's kernel,
# every JMH benchmark of benchmarks.jar (the list comes from the jar: java -jar benchmarks.jar -l) with
# -prof gc, BytesPerFrame, c/mmbench.c again; then the README's table (BenchReport): each figure with
# the kernel's range and the ratio where mmbench.c measures the same thing, the date, cores, CPU,
# kernel, JDK and the load average at start and end. The machine is shared: ratios within one run are
# what counts. Builds nothing: it needs mmdsl.bench/target/benchmarks.jar and gcc.
#
#   mmdsl.bench/run.sh [--quick] [--only REGEX] [--jmh 'MORE JMH OPTIONS'] [--out DIR] [--ignore-lock] [--e2e]
#
#   --quick   1 warm-up and 2 measured iterations of 1 s per benchmark, mmbench.c with 256 MB and
#             200,000 pairs (about 3 minutes instead of about 8)
#   --only    run only the benchmarks matching REGEX (JMH's include), e.g. 'MmapBench|FaultBench'
#   --jmh     more options for JMH, e.g. '-p sink=none' or '-f 2'
#   --out     keep the raw outputs (jmh.json, jmh.log, mmbench-*.txt, bytes-per-frame.txt) in DIR
#   --ignore-lock  run while another JMH holds its lock (/tmp/jmh.lock: someone else is measuring)
#   --e2e     then the end-to-end measurements (mmdsl.bench/e2e.sh: mmdsl run, grading)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jar=mmdsl.bench/target/benchmarks.jar

usage() {
  sed -n '9,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

quick=0
only=""
jmh_more=""
out=""
e2e=0
lock=()
args="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --only) only="${2:?--only needs a REGEX}"; shift ;;
    --jmh) jmh_more="${2:?--jmh needs options}"; shift ;;
    --out) out="${2:?--out needs a DIR}"; shift ;;
    --e2e) e2e=1 ;;
    --ignore-lock) lock=(-Djmh.ignoreLock=true) ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

if [ ! -f "$jar" ]; then
  echo "run.sh: no $jar. Build it first (nothing else is built or run):" >&2
  echo "  mvn -B -q -o package -DskipTests -pl runtime,mmdsl.bench -am" >&2
  exit 2
fi
if ! command -v gcc > /dev/null; then
  echo "run.sh: gcc is needed for c/mmbench.c (apt-get install gcc)" >&2
  exit 2
fi

if [ -n "$out" ]; then
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
date=$(date -u '+%Y-%m-%d %H:%M UTC')
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)

if [ "$quick" = 1 ]; then
  mmbench_args=(256 200000 10000)
  jmh_opts=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
else
  mmbench_args=()
  jmh_opts=()
fi
# shellcheck disable=SC2206 # --jmh's options are words
jmh_opts+=($jmh_more)
[ -n "$only" ] && jmh_opts+=("$only")

gcc -O2 -o "$out/mmbench" mmdsl.bench/c/mmbench.c
echo "run.sh: mmbench.c before the JMH benchmarks" >&2
"$out/mmbench" "${mmbench_args[@]}" > "$out/mmbench-1.txt"
echo "run.sh: JMH${jmh_opts[*]:+ ${jmh_opts[*]}} (log: $out/jmh.log)" >&2
java "${lock[@]}" -jar "$jar" -prof gc -rf json -rff "$out/jmh.json" "${jmh_opts[@]}" > "$out/jmh.log" 2>&1 || {
  tail -30 "$out/jmh.log" >&2
  echo "run.sh: JMH failed (log above)" >&2
  exit 1
}
if [ -z "$only" ] || [[ BytesPerFrame =~ $only ]]; then
  echo "run.sh: BytesPerFrame 64" >&2
  java -Xmx3g -cp "$jar" org.mmdsl.bench.BytesPerFrame 64 > "$out/bytes-per-frame.txt"
else
  : > "$out/bytes-per-frame.txt"
fi
echo "run.sh: mmbench.c after the JMH benchmarks" >&2
"$out/mmbench" "${mmbench_args[@]}" > "$out/mmbench-2.txt"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

java -cp "$jar" org.mmdsl.bench.BenchReport --jmh "$out/jmh.json" \
  --mmbench "$out/mmbench-1.txt" --mmbench "$out/mmbench-2.txt" --bytes-per-frame "$out/bytes-per-frame.txt" \
  --date "$date" --nproc "$(nproc)" --cpu "$cpu" --kernel-version "$(uname -r)" \
  --load-start "$load_start" --load-end "$load_end" --how "mmdsl.bench/run.sh${args:+ $args}"

if [ "$e2e" = 1 ]; then
  echo
  mmdsl.bench/e2e.sh
fi
