#!/bin/sh
# The VS Code extension's part of the Maven build (mmdsl.vscode/pom.xml), run in this folder:
#   build-vsix.sh test SKIP_TESTS   npm test (the extension's logic in node, test/extension.test.js)
#   build-vsix.sh package JAR       server/mmdsl-ls.jar := JAR, npm ci, vsce package -> target/mmdsl.vsix
#   build-vsix.sh code-server SKIP_TESTS   target/mmdsl.vsix in code-server, seen in headless Chromium
#                                   (code-server/check-code-server.mjs; says "skipped: ..." when code-server,
#                                   installed by code-server/install.sh, Chromium or java is missing)
# Without npm on the PATH each step says so and succeeds: the .vsix is optional, the Java build is not.
# With npm, a failure (tests, the registry for npm ci) fails the build; -Dmmdsl.vsix.skip skips both steps.
set -eu
step=$1
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "mmdsl.vscode: npm/node not found on the PATH: ${step} skipped, target/mmdsl.vsix not built (install them, e.g. apt-get install nodejs npm)"
  exit 0
fi
case $step in
  test)
    if [ "${2:-false}" = true ]; then
      echo "mmdsl.vscode: tests skipped (-DskipTests)"
      exit 0
    fi
    npm test
    ;;
  package)
    jar=$2
    if [ ! -f "$jar" ]; then
      echo "mmdsl.vscode: no server jar at $jar" >&2
      exit 1
    fi
    mkdir -p server target
    cp "$jar" server/mmdsl-ls.jar
    # npm ci only when package-lock.json changed since the last install (it empties node_modules first)
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      npm ci --no-audit --no-fund
    fi
    npx --no-install vsce package --allow-missing-repository --skip-license -o target/mmdsl.vsix
    ls -l target/mmdsl.vsix
    ;;
  code-server)
    if [ "${2:-false}" = true ]; then
      echo "mmdsl.vscode: code-server test skipped (-DskipTests)"
      exit 0
    fi
    node code-server/check-code-server.mjs target/mmdsl.vsix ../examples target/code-server
    ;;
  *)
    echo "usage: build-vsix.sh test SKIP_TESTS | package JAR | code-server SKIP_TESTS" >&2
    exit 2
    ;;
esac
