#!/bin/sh
# Issue 15's latency budget (README, Editors): starts the language server through the launcher script
# editors use (mmdsl.ide/mmdsl-ls, its JVM flags and CDS archive) and prints the table of first
# diagnostics, edit -> diagnostics, hover, completion and RSS after 1,000 and 10,000 edits, with the
# budget beside each figure and the load average. Build the jar first (mvn -B -o package -DskipTests
# with -pl runtime,mmdsl,mmdsl.ide -am). Arguments go to org.mmdsl.ide.server.LspLatency, e.g.
#   mmdsl.bench/lsp-latency.sh --edits 200 --warmup 20 --requests 200 --rss-edits 10000
# Takes several minutes (10,000 edits of a 1,031-line scenario).
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
exec java -cp mmdsl.ide/target/mmdsl-ls.jar org.mmdsl.ide.server.LspLatency "$@" -- mmdsl.ide/mmdsl-ls
