#!/bin/sh
# Installs code-server and playwright-core (versions pinned in package-lock.json) into node_modules here, for
# check-code-server.mjs. Run by .ci/run; by hand: sh mmdsl.vscode/code-server/install.sh (a few minutes: it
# compiles VS Code's native modules, which needs build-essential, python3 and libkrb5-dev).
#
# What code-server's own postinstall.sh does (npm install in lib/vscode and lib/vscode/extensions, two
# symlinks), with two changes so that everything comes from the npm registry:
#  - lib/vscode/npm-shrinkwrap.json takes @vscode/proxy-agent 0.27.0 from a GitHub commit (git+ssh); the
#    registry's tarball of 0.27.0 has the same sha512, which npm checks, so the entry points there instead;
#  - @vscode/ripgrep's install script downloads rg from GitHub releases: it finds bin/ made beforehand and
#    stops; bin/rg is Debian's /usr/bin/rg when there is one (only VS Code's search uses it).
set -eu
cd "$(dirname "$0")"
# already done, from this package-lock.json (the marker is written last)
if [ node_modules/.mmdsl-installed -nt package-lock.json ]; then
  echo "code-server already installed in $(pwd)/node_modules"
  exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund
npm rebuild argon2 --foreground-scripts  # code-server loads it at start (password hashing)

cd node_modules/code-server/lib/vscode
node -e '
const fs = require("fs");
const f = "npm-shrinkwrap.json";
const s = JSON.parse(fs.readFileSync(f, "utf8"));
const p = s.packages["node_modules/@vscode/proxy-agent"];
if (p && p.resolved && p.resolved.startsWith("git")) {
  p.resolved = `https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-${p.version}.tgz`;
  fs.writeFileSync(f, JSON.stringify(s, null, 2) + "\n");
}'
npm install --omit=dev --ignore-scripts --no-audit --no-fund
mkdir -p node_modules/@vscode/ripgrep/bin
if [ -x /usr/bin/rg ]; then ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg; fi
npm rebuild --omit=dev --foreground-scripts
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)

cd extensions
npm install --omit=dev --no-audit --no-fund
touch ../../../../.mmdsl-installed
echo "code-server $(node -p "require('../../../package.json').version") installed in $(cd ../../../../.. && pwd)/node_modules"
