// The .vsix in a real VS Code: installs target/mmdsl.vsix into code-server (VS Code in the browser, from npm),
// starts it headless on a free local port (auth none, throwaway user-data and extensions folders) on a
// workspace holding examples/pictures-i386.mmdsl and a scenario with an error, and checks in Debian's
// headless Chromium, driven by playwright-core, what a user sees:
//   (a) the Problems panel lists the error with its message and the source mmdsl,
//   (b) a hover over a handle shows the server's hover text,
//   (c) the lens "… show /proc/1/maps" opens a document with the maps,
//   (d) the lens "picture" opens the picture webview, which holds an <svg>.
// A screenshot of each step goes to OUT. Run by the Maven build (build-vsix.sh code-server, integration-test
// phase) after the .vsix is made:
//   node check-code-server.mjs VSIX EXAMPLES_DIR OUT
// Prints "skipped: <reason>" and exits 0 when code-server (install.sh here), Chromium or java is missing.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync, readdirSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { EXPECTED } from './expected.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [vsixArg, examplesArg, outArg] = process.argv.slice(2);
if (!vsixArg || !examplesArg || !outArg) {
  console.error('usage: node check-code-server.mjs VSIX EXAMPLES_DIR OUT');
  process.exit(2);
}
const vsix = resolve(vsixArg);
const out = resolve(outArg);
const entry = join(here, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = Number(process.env.MMDSL_CODE_SERVER_TIMEOUT || 180) * 1000; // per step: the first start of the language server (a JVM) is the slow part

function skip(reason) {
  console.log(`mmdsl.vscode code-server test skipped: ${reason}`);
  process.exit(0);
}

function javaFound() {
  if (process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, 'bin', 'java'))) return true;
  return (process.env.PATH || '').split(delimiter).some((d) => d && existsSync(join(d, 'java')));
}

if (!existsSync(join(here, 'node_modules', '.mmdsl-installed')) || !existsSync(entry)) {
  skip(`code-server is not installed here (sh ${join(here, 'install.sh')}, which .ci/run runs)`);
}
if (!existsSync(join(here, 'node_modules', 'playwright-core'))) skip(`playwright-core is not installed here (sh ${join(here, 'install.sh')})`);
if (!existsSync(chromiumPath)) skip(`no Chromium at ${chromiumPath} (apt-get install chromium)`);
if (!javaFound()) skip('no java on the PATH or in JAVA_HOME: the extension could not start the language server');
if (!existsSync(vsix)) skip(`no ${vsix} (the package step did not make it)`);

mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith('.png')) unlinkSync(join(out, f));

const tmp = mkdtempSync(join(tmpdir(), 'mmdsl-code-server-'));
const userData = join(tmp, 'user-data');
const extensions = join(tmp, 'extensions');
const workspace = join(tmp, 'workspace');
mkdirSync(join(userData, 'User'), { recursive: true });
mkdirSync(workspace);
copyFileSync(join(examplesArg, 'pictures-i386.mmdsl'), join(workspace, 'pictures-i386.mmdsl'));
writeFileSync(join(workspace, 'broken.mmdsl'), EXPECTED.brokenScenario);
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'editor.minimap.enabled': false,
  'editor.inlayHints.enabled': 'off',
  'editor.hover.delay': 100,
  'window.zoomLevel': 0,
}, null, 1));

// code-server keeps its logs and heartbeat under $XDG_DATA_HOME/code-server: kept in the throwaway folder too
const env = { ...process.env, XDG_DATA_HOME: join(tmp, 'data'), XDG_CONFIG_HOME: join(tmp, 'config') };
const codeServerArgs = ['--config', join(tmp, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry',
  '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];

let server;
let browser;
let page;
const seen = {};
const log = [];
const started = Date.now();
const step = (what) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
try {
  // install the .vsix as a user would (no marketplace needed)
  const install = spawnSync(process.execPath, [entry, ...codeServerArgs, '--install-extension', vsix],
    { encoding: 'utf8', timeout: TIMEOUT, env });
  assert.equal(install.status, 0, `code-server --install-extension failed:\n${install.stdout}${install.stderr}`);
  assert.match(install.stdout, /Extension 'mmdsl\.vsix' was successfully installed/, install.stdout + install.stderr);
  step('installed the .vsix');

  const port = await freePort();
  server = spawn(process.execPath, [entry, ...codeServerArgs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--ignore-last-opened', workspace], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  await listening(server);
  step(`code-server listening on 127.0.0.1:${port}`);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => log.push(`page error: ${e}`));
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench .explorer-folders-view .monaco-list-row');
  step('the workbench shows the workspace');

  // (a) the error in the Problems panel
  await openFile(page, 'broken.mmdsl');
  await page.keyboard.press('Control+Shift+M');
  const problems = await waitForText(page, () => {
    const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')];
    const texts = rows.map((r) => r.innerText.replace(/\s+/g, ' ').trim());
    return texts.some((t) => t.includes('mmdsl')) ? texts.join('\n') : null;
  });
  await page.screenshot({ path: join(out, '1-problems.png') });
  step(`problems:\n${problems}`);
  check('problems', problems);

  // (b) the hover over the handle `buf`
  await openFile(page, 'pictures-i386.mmdsl');
  await waitForText(page, lensTitles); // the server has analysed the file
  await goTo(page, EXPECTED.hoverAt);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = await waitForText(page, () => {
    const h = [...document.querySelectorAll('.monaco-hover .hover-contents')].find((e) => e.offsetParent);
    const t = h && h.innerText.trim();
    return t && !/^Loading/.test(t) ? t : null;
  });
  await page.screenshot({ path: join(out, '2-hover.png') });
  step(`hover:\n${hover}`);
  check('hover', hover.replace(/\u00a0/g, ' '));
  await page.keyboard.press('Escape');

  // (c) the maps lens opens the maps beside the editor
  const lenses = await waitForText(page, lensTitles);
  step(`lenses:\n${lenses}`);
  check('lenses', lenses);
  await clickLens(page, (t) => t.endsWith('show /proc/1/maps'));
  const maps = await waitForText(page, () => {
    const groups = [...document.querySelectorAll('.editor-group-container')];
    if (groups.length < 2) return null;
    const lines = [...groups[1].querySelectorAll('.view-lines .view-line')]
      .sort((x, y) => parseFloat(x.style.top) - parseFloat(y.style.top))
      .map((l) => l.innerText.replace(/\u00a0/g, ' ').trimEnd());
    const text = lines.join('\n').trim();
    return text.includes('/lib/libc.so.6') ? text : null;
  });
  await page.screenshot({ path: join(out, '3-maps.png') });
  step(`maps:\n${maps}`);
  check('maps', maps);

  // (d) the picture lens opens the webview with the SVG
  await page.keyboard.press('Control+1'); // back to the scenario's editor group
  await clickLens(page, (t) => t === 'picture');
  const picture = await inWebview(page, () => {
    const svg = document.querySelector('.picture svg');
    const h1 = document.querySelector('header h1');
    return svg && h1 ? { title: h1.textContent, where: document.querySelector('header .where').textContent,
      svgTitle: (svg.querySelector('.title text') || {}).textContent || null,
      groups: svg.querySelectorAll('g[id]').length } : null;
  });
  await page.screenshot({ path: join(out, '4-picture.png') });
  step(`picture: ${JSON.stringify(picture)}`);
  check('picture', { title: picture.title, where: picture.where, svgTitle: picture.svgTitle });
  assert.ok(picture.groups > 5, `the picture's SVG has ${picture.groups} groups`);

  await context.close();
  console.log(`mmdsl.vscode code-server test passed in ${((Date.now() - started) / 1000).toFixed(0)} s: problems, hover, maps lens, picture webview (screenshots in ${out})`);
} catch (e) {
  console.error(`mmdsl.vscode code-server test FAILED: ${e && e.stack || e}`);
  if (page) await page.screenshot({ path: join(out, 'failed.png') }).catch(() => null);
  if (log.length) console.error(log.join('\n'));
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  rmSync(tmp, { recursive: true, force: true });
}

// ------------------------------------------------------------------------------------------- helpers

/**
 * What was seen against expected.mjs. Everything seen is written to OUT/seen.json; with
 * MMDSL_CODE_SERVER_RECORD=1 nothing is compared (to write a new expected.mjs by hand from seen.json).
 */
function check(name, actual) {
  seen[name] = actual;
  writeFileSync(join(out, 'seen.json'), JSON.stringify(seen, null, 1) + '\n');
  if (process.env.MMDSL_CODE_SERVER_RECORD !== '1') assert.deepEqual(actual, EXPECTED[name], name);
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Resolves when code-server says it listens; rejects with what it printed if it exits first. */
function listening(child) {
  return new Promise((ok, fail) => {
    let printed = '';
    const timer = setTimeout(() => fail(new Error(`code-server did not listen in ${TIMEOUT / 1000} s:\n${printed}`)), TIMEOUT);
    const seen = (chunk) => {
      printed += chunk;
      if (/HTTP server listening on/.test(printed)) { clearTimeout(timer); ok(); }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`code-server exited (${code}):\n${printed}`)); });
  });
}

/** Waits until fn, run in the page, answers something other than null; returns that. */
async function waitForText(page, fn) {
  const handle = await page.waitForFunction(fn, null, { timeout: TIMEOUT, polling: 200 });
  return handle.jsonValue();
}

/** The code lenses above the process block (the one with the maps lens) in the active editor: "a | b". */
function lensTitles() {
  const group = document.querySelector('.editor-group-container.active') || document;
  const line = [...group.querySelectorAll('.codelens-decoration')]
    .find((d) => d.textContent.includes('show /proc/'));
  return line ? [...line.querySelectorAll('a, span')].filter((e) => e.children.length === 0)
    .map((e) => e.textContent.trim()).filter((t) => t && t !== '|').join(' | ') : null;
}

/** Clicks a lens of the lens line above `process init <` (the line with the maps lens). */
async function clickLens(page, test) {
  const links = page.locator('.editor-group-container.active .codelens-decoration')
    .filter({ hasText: 'show /proc/' }).locator('a');
  const titles = await links.allTextContents();
  const i = titles.findIndex((t) => test(t.trim()));
  assert.ok(i >= 0, `no such lens among ${JSON.stringify(titles)}`);
  await links.nth(i).click();
}

/** Opens a file of the workspace from the Explorer, as a user clicks it. */
async function openFile(page, name) {
  await page.click(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
  await page.waitForSelector(`.tab.active[aria-label*="${name}"]`);
  await page.waitForSelector('.editor-group-container.active .monaco-editor .view-lines');
}

async function goTo(page, lineColumn) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${lineColumn}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Runs fn in each frame (webviews are nested iframes) until one answers something other than null. */
async function inWebview(page, fn) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    for (const frame of page.frames()) {
      const v = await frame.evaluate(fn).catch(() => null);
      if (v) return v;
    }
    if (Date.now() > deadline) throw new Error('no webview with a picture');
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => null);
  }
}
