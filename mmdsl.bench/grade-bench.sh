#!/usr/bin/env bash
# The grading measurement of docs/teaching.md ("Measured: 2,000 submissions"): writes N varied
# submissions of the COW lab (GradeSubmissions: right, equivalent, wrong and blank answers, changed
# statements, removed lines, comments, syntax errors) and times `mmdsl grade` on them with
# /usr/bin/time -v (wall time, CPU, peak RSS). Not run by the build. Needs mmdsl/target/mmdsl-cli.jar.
#   mmdsl.bench/grade-bench.sh [N] [SEED]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n="${1:-2000}"
seed="${2:-13}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
java mmdsl.bench/src/main/java/org/mmdsl/bench/GradeSubmissions.java examples/lab-cow-key.mmdsl "$out/subs" "$n" "$seed"
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v java -jar mmdsl/target/mmdsl-cli.jar grade --key examples/lab-cow-key.mmdsl --csv "$out/grades.csv" \
    "$out/subs" > "$out/report.txt" 2> "$out/time.txt" || true
tail -2 "$out/report.txt"
grep -E 'Elapsed|User time|System time|Percent of CPU|Maximum resident' "$out/time.txt"
