#!/usr/bin/env bash
# The UI test of the Eclipse plug-in, called by this module's pom (see there for the phases).
#   run-ui-test.sh check-absent WORKBENCH        the freshly assembled workbench has no mmdsl bundle
#   run-ui-test.sh run WORKBENCH OUT JAVA         after the p2 install: start the workbench under Xvfb
#                                                 with the driver bundle, answer its hand-shakes
#                                                 (screenshot, typing), compare what it recorded
# Needs xvfb, libgtk-3-0, xdotool and imagemagick (.ci/run installs them). The screenshot is
# OUT/mmdsl-editor.png, OUT/mmdsl-picture*.png (OUT is target/ui-test), kept by CI as build artifacts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="$1"
workbench="$2"

if [ "$mode" = check-absent ]; then
  if compgen -G "$workbench/plugins/org.mmdsl.ui_*" > /dev/null || compgen -G "$workbench/plugins/org.mmdsl.lang_*" > /dev/null; then
    echo "FAIL: the test workbench already contains the plug-in before the p2 install" >&2
    exit 1
  fi
  echo "ok workbench $workbench has neither org.mmdsl.ui nor org.mmdsl.lang before the install"
  exit 0
fi

out_root="$3"
java="$4"
if ! compgen -G "$workbench/plugins/org.mmdsl.ui_*.jar" > /dev/null \
   || ! compgen -G "$workbench/plugins/org.mmdsl.lang_*.jar" > /dev/null; then
  echo "FAIL: the p2 install did not put org.mmdsl.ui and org.mmdsl.lang into $workbench/plugins" >&2
  exit 1
fi
echo "ok p2 installed: $(cd "$workbench/plugins" && ls -d org.mmdsl.* | tr '\n' ' ')"

rm -rf "$out_root"
mkdir -p "$out_root/scenarios" "$out_root/out"
out="$out_root/out"
cp "$root/examples/segv-write-text.mmdsl" "$root/examples/pictures-i386.mmdsl" "$here"/fixtures/*.mmdsl "$out_root/scenarios/"

# Xvfb picks a free display and writes its number to fd 3.
exec 3> "$out_root/display"
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp > "$out_root/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -s "$out_root/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$out_root/display")"
workbench_pid=
cleanup() {
  [ -n "$workbench_pid" ] && kill "$workbench_pid" 2> /dev/null || true
  kill "$xvfb" 2> /dev/null || true
}
trap cleanup EXIT

launcher=$(ls "$workbench"/plugins/org.eclipse.equinox.launcher_*.jar | head -1)
"$java" -Dmmdsl.uitest.dir="$out_root" -Dorg.eclipse.swt.internal.gtk.disablePrinting \
  -jar "$launcher" -data "$out_root/workspace" \
  -nosplash -consoleLog > "$out_root/workbench.log" 2>&1 &
workbench_pid=$!

# Waits for the driver's hand-shake file $1 (or for the workbench to end), at most $2 seconds.
await() {
  local file="$1" limit="$2" waited=0
  while [ ! -e "$out/$file" ]; do
    if ! kill -0 "$workbench_pid" 2> /dev/null; then
      echo "FAIL: the workbench ended before $file" >&2; return 1
    fi
    if [ "$waited" -ge $((limit * 10)) ]; then
      echo "FAIL: no $file after $limit s" >&2; return 1
    fi
    sleep 0.1; waited=$((waited + 1))
  done
}

status=0
if await ready-for-screenshot 300; then
  sleep 1
  import -window root "$out_root/mmdsl-editor.png"
  touch "$out/screenshot-taken"
  if await ready-to-type 60; then
    # The driver put the caret at the end of the fixture and gave the editor the focus. Escape
    # before each Return closes a content-assist pop-up (Return would take its first proposal); the
    # driver switched off the pop-up on typing, so this is only a second guard.
    sleep 0.5
    xdotool key Return
    for line in 'process late <' '  write 0x0' '>'; do
      xdotool type --delay 60 "$line"
      sleep 0.5
      xdotool key Escape
      [ "$line" = '>' ] || xdotool key Return
    done
    touch "$out/typed"
    if await ready-for-screenshot-typed 180; then
      import -window root "$out_root/mmdsl-editor-typed.png"
      touch "$out/screenshot-typed-taken"
      # The pictures example: editor with code minings and the mmdsl Picture view, then the view
      # maximized with each kind of picture.
      for shot in picture picture-maps picture-walk picture-kernel picture-physical picture-buddy; do
        if await "ready-for-screenshot-$shot" 400; then
          xdotool mousemove 1399 899   # no tooltip over the picture
          sleep 1
          import -window root "$out_root/mmdsl-$shot.png"
          touch "$out/screenshot-$shot-taken"
        else
          status=1; break
        fi
      done
    else
      status=1
    fi
  else
    status=1
  fi
else
  status=1
fi
await done 180 || status=1
for _ in $(seq 300); do kill -0 "$workbench_pid" 2> /dev/null || break; sleep 0.1; done

# What the driver recorded against what the language says (the same messages as the CLI and the
# language server print for these files).
for f in markers-segv-write-text.tsv markers-does-not-parse.tsv markers-unexpected-fault.tsv markers-typed.tsv; do
  if [ -e "$out/$f" ] && diff -u "$here/expected/$f" "$out/$f"; then
    echo "ok $f: $(wc -l < "$out/$f") markers as expected"
  else
    echo "FAIL $f differs from expected/$f (or is missing)"; status=1
  fi
done
if [ -e "$out/checks.txt" ]; then
  cat "$out/checks.txt"
  grep -q '^FAIL' "$out/checks.txt" && status=1
else
  echo "FAIL: the driver wrote no checks.txt"; status=1
fi
for png in mmdsl-editor.png mmdsl-picture.png mmdsl-picture-maps.png mmdsl-picture-walk.png \
    mmdsl-picture-kernel.png mmdsl-picture-physical.png mmdsl-picture-buddy.png; do
  [ -s "$out_root/$png" ] && echo "ok screenshot $out_root/$png" || { echo "FAIL: no screenshot $png"; status=1; }
done
if grep -q 'org.mmdsl' "$out_root/workspace/.metadata/.log" 2> /dev/null; then
  echo "workbench log mentions mmdsl (see $out_root/workspace/.metadata/.log):"
  grep -B2 -A12 'org.mmdsl' "$out_root/workspace/.metadata/.log" | head -60
fi
[ "$status" -eq 0 ] && echo "UI test passed" || echo "UI test FAILED (logs: $out_root/workbench.log, workspace/.metadata/.log)"
exit "$status"
