#!/usr/bin/env bash
# Issue 17 point 6, end to end: wall time, CPU time and peak RSS (/usr/bin/time -v) of what a user
# runs, as a table for the README ("Measurements"): `mmdsl run` of every example in one JVM and in one
# JVM per file, of the 1,031-line scenario of the editor benchmark (LspLatency.scenario(): 10 processes
# of 25 mmap/write/read/mprotect steps), and `mmdsl grade` of 2,000 generated submissions
# (GradeSubmissions, as grade-bench.sh). Everything goes through bin/mmdsl, its JVM flags and CDS
# archive. Builds nothing: needs mmdsl/target/mmdsl-cli.jar and mmdsl.ide/target/mmdsl-ls.jar (mvn -B -q
# -o package -DskipTests -pl runtime,mmdsl,mmdsl.ide -am) and /usr/bin/time. Also run by run.sh --e2e.
#
#   mmdsl.bench/e2e.sh [--submissions N] [--no-per-file]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

submissions=2000
per_file=1
while [ $# -gt 0 ]; do
  case "$1" in
    --submissions) submissions="${2:?--submissions needs N}"; shift ;;
    --no-per-file) per_file=0 ;;
    -h|--help) sed -n '10p' "${BASH_SOURCE[0]}" | sed 's/^# //'; exit 0 ;;
    *) echo "e2e.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
for f in mmdsl/target/mmdsl-cli.jar mmdsl.ide/target/mmdsl-ls.jar /usr/bin/time; do
  if [ ! -e "$f" ]; then
    echo "e2e.sh: $f is missing; build with  mvn -B -q -o package -DskipTests -pl runtime,mmdsl,mmdsl.ide -am" >&2
    exit 2
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
date=$(date -u '+%Y-%m-%d %H:%M UTC')
examples=(examples/*.mmdsl)

# A first call outside the measurement: bin/mmdsl rebuilds a stale jar, and the files get cached.
bin/mmdsl --version > /dev/null

# measure LABEL COMMAND...: one table row from /usr/bin/time -v; the last line of the command's output
# (the run's verdict count) goes in the last column.
measure() {
  local label=$1
  shift
  /usr/bin/time -v -o "$tmp/time.txt" "$@" > "$tmp/out.txt" 2>&1 || true
  row "$label" "$tmp/time.txt" "$(tail -1 "$tmp/out.txt" | sed "s|$tmp/||g")"
}

# commas N: 2000 -> 2,000
commas() {
  echo "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'
}

# row LABEL TIME_V_OUTPUT RESULT [EXTRA_WALL_TEXT]
row() {
  awk -v label="$1" -v result="$3" -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "| %s | %.2f s | %.2f s | %.0f MB | %s |\n", label, wall, user + sys, rss / 1024, result }' "$2"
}

exec 3>&1 > "$tmp/rows.md" # the rows; the sentence above them needs the load at the end
echo "e2e.sh: mmdsl run examples/" >&2
measure "\`mmdsl run examples/\`: the ${#examples[@]} examples in one JVM" bin/mmdsl run examples/

if [ "$per_file" = 1 ]; then
  echo "e2e.sh: mmdsl run FILE, one JVM per example" >&2
  # One JVM per example: the sums of wall and CPU time, the largest peak RSS.
  : > "$tmp/all.txt"
  for f in "${examples[@]}"; do
    /usr/bin/time -v -o "$tmp/time.txt" bin/mmdsl run "$f" > /dev/null 2>&1 || true
    cat "$tmp/time.txt" >> "$tmp/all.txt"
  done
  awk -v label="\`mmdsl run FILE\` for each of the ${#examples[@]} examples, one JVM each: total (mean per file)" \
      -v n="${#examples[@]}" -F': ' '
    /Elapsed \(wall clock\)/ { k = split($2, p, ":"); wall += (k == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /User time/ { cpu += $2 }
    /System time/ { cpu += $2 }
    /Maximum resident set size/ { if ($2 > rss) rss = $2 }
    END { printf "| %s | %.1f s (%.2f s) | %.1f s (%.2f s) | %.0f MB (largest) | |\n", label, wall, wall / n, cpu, cpu / n, rss / 1024 }' \
      "$tmp/all.txt"
fi

cat > "$tmp/scenario.jsh" << 'JSH'
System.out.print(org.mmdsl.ide.server.LspLatency.scenario());
/exit
JSH
echo "e2e.sh: mmdsl run of LspLatency's scenario" >&2
jshell -q --class-path mmdsl.ide/target/mmdsl-ls.jar "$tmp/scenario.jsh" > "$tmp/long.mmdsl"
lines=$(wc -l < "$tmp/long.mmdsl")
measure "\`mmdsl run\` of a $(commas "$lines")-line scenario (10 processes × 25 mmap, write, read, mprotect)" \
  bin/mmdsl run "$tmp/long.mmdsl"

echo "e2e.sh: mmdsl grade of $submissions submissions" >&2
java mmdsl.bench/src/main/java/org/mmdsl/bench/GradeSubmissions.java examples/lab-cow-key.mmdsl "$tmp/subs" \
  "$submissions" 13 > /dev/null
measure "\`mmdsl grade\` of $(commas "$submissions") submissions of lab-cow (GradeSubmissions, seed 13)" \
  bin/mmdsl grade --key examples/lab-cow-key.mmdsl --csv "$tmp/grades.csv" "$tmp/subs"

exec 1>&3
echo "$date, \`mmdsl.bench/e2e.sh\`, $(nproc) cores, Linux $(uname -r), $(java -version 2>&1 | sed -n 1p),"
echo "load average (1, 5, 15 min) $load_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at end."
echo
echo "| run | wall | CPU (user + system) | peak RSS | result |"
echo "|---|---|---|---|---|"
cat "$tmp/rows.md"
