// The extension's own logic in node, without VS Code (npm test; the Maven build runs it when npm is
// there, mmdsl.vscode/build-vsix.sh): which Java it picks (setting mmdsl.java.home, then JAVA_HOME,
// then PATH), the message when none is 17 or newer, the command line it gives the language client, the
// code lenses' commands (each one the lenses call is registered) and the picture panel (its HTML and CSP,
// what it asks the server and when).
// `vscode` and `vscode-languageclient/node` are stubs that record what the extension asks of them, so
// this runs before `npm ci` too. Java installations are fake `java` scripts printing a version.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const Module = require('module');
const fs = require('fs');
const os = require('os');
const path = require('path');

const stubs = {};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return Object.prototype.hasOwnProperty.call(stubs, request) ? 'stub:' + request : resolve.call(this, request, ...rest);
};
function stub(name, exports) {
  stubs[name] = exports;
  require.cache['stub:' + name] = { id: name, filename: name, loaded: true, exports };
}

// what the extension did, reset by each test
let shown, settings, errors, clients, commands, handlers, panels, listeners, requests, answers, editor, textDocuments;
const vscodeStub = {
  ViewColumn: { Beside: -2 },
  Uri: { parse: (s) => ({ toString: () => s }) },
  workspace: {
    getConfiguration: (section) => ({ get: (key) => settings[section + '.' + key] }),
    openTextDocument: async (what) => ({ opened: what }),
    get textDocuments() { return textDocuments; },
    onDidChangeTextDocument: (f) => { listeners.change = f; return { dispose() {} }; },
  },
  window: {
    showErrorMessage: (m) => errors.push(m),
    showInformationMessage: (m) => errors.push(m),
    showTextDocument: (doc, options) => { shown.push([doc, options]); },
    get activeTextEditor() { return editor; },
    onDidChangeTextEditorSelection: (f) => { listeners.selection = f; return { dispose() {} }; },
    createWebviewPanel: (viewType, title, showOptions, options) => {
      const panel = {
        viewType, title, showOptions, options, revealed: 0,
        webview: { html: '', onDidReceiveMessage: (f) => { panel.message = f; } },
        reveal() { panel.revealed++; },
        onDidDispose: (f) => { panel.dispose = f; },
      };
      panels.push(panel);
      return panel;
    },
  },
  commands: { registerCommand: (id, f) => { commands.push(id); handlers[id] = f; return { dispose() {} }; } },
};
stub('vscode', vscodeStub);
stub('vscode-languageclient/node', {
  LanguageClient: class {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, started: false });
      clients.push(this);
    }
    start() { this.started = true; }
    stop() { return Promise.resolve(); }
    sendRequest(method, params) {
      requests.push([method, params]);
      return Promise.resolve(answers.shift());
    }
  },
});
const extension = require('../extension.js');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmdsl-vscode-test-'));
/** The real java of the machine running the tests (the tests below replace JAVA_HOME and PATH with fakes). */
const realJava = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java')
  : require('child_process').execFileSync('sh', ['-c', 'command -v java']).toString().trim();
/** A folder with bin/java printing `version` as `java -version` does (on standard error). */
function fakeJava(name, version) {
  const home = path.join(tmp, name);
  fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
  const java = path.join(home, 'bin', 'java');
  fs.writeFileSync(java, `#!/bin/sh\necho 'openjdk version "${version}" 2025-04-15' >&2\necho 'OpenJDK Runtime Environment' >&2\n`);
  fs.chmodSync(java, 0o755);
  return home;
}
const java8 = fakeJava('jdk8', '1.8.0_292');
const java11 = fakeJava('jdk11', '11.0.22');
const java17 = fakeJava('jdk17', '17.0.15');
const java21 = fakeJava('jdk21', '21.0.4');
const nowhere = path.join(tmp, 'no-such-jdk');
const emptyPath = path.join(tmp, 'empty-bin');
fs.mkdirSync(emptyPath);

function environment({ setting = '', javaHome, pathDirs = [emptyPath] }) {
  settings = { 'mmdsl.java.home': setting, 'mmdsl.server.jar': '' };
  errors = [];
  clients = [];
  shown = [];
  commands = [];
  handlers = {};
  panels = [];
  listeners = {};
  requests = [];
  answers = [];
  editor = undefined;
  textDocuments = [];
  if (javaHome === undefined) delete process.env.JAVA_HOME; else process.env.JAVA_HOME = javaHome;
  process.env.PATH = pathDirs.join(path.delimiter);
}

const savedPath = process.env.PATH;
const savedJavaHome = process.env.JAVA_HOME;
test.after(() => {
  process.env.PATH = savedPath;
  if (savedJavaHome === undefined) delete process.env.JAVA_HOME; else process.env.JAVA_HOME = savedJavaHome;
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('java -version is read the way JDKs print it, 1.8 included', () => {
  environment({});
  assert.strictEqual(extension.javaVersion(path.join(java17, 'bin', 'java')), 17);
  assert.strictEqual(extension.javaVersion(path.join(java8, 'bin', 'java')), 8);
  assert.strictEqual(extension.javaVersion(path.join(nowhere, 'bin', 'java')), -1);
});

test('the setting wins over JAVA_HOME and PATH', () => {
  environment({ setting: java21, javaHome: java17, pathDirs: [path.join(java17, 'bin')] });
  assert.deepStrictEqual(extension.findJava(), { java: path.join(java21, 'bin', 'java') });
});

test('without a setting, JAVA_HOME', () => {
  environment({ javaHome: java17, pathDirs: [path.join(java21, 'bin')] });
  assert.deepStrictEqual(extension.findJava(), { java: path.join(java17, 'bin', 'java') });
});

test('a setting and JAVA_HOME older than 17 are passed over for java on the PATH', () => {
  environment({ setting: java11, javaHome: java8, pathDirs: [emptyPath, path.join(java21, 'bin')] });
  assert.deepStrictEqual(extension.findJava(), { java: 'java' });
});

test('no Java 17: one message naming every place tried and what was there', () => {
  environment({ setting: java11, javaHome: nowhere, pathDirs: [path.join(java8, 'bin')] });
  assert.deepStrictEqual(extension.findJava(), {
    error: 'mmdsl needs Java 17 or newer to run its language server. Tried '
      + `setting mmdsl.java.home: ${path.join(java11, 'bin', 'java')} (Java 11); `
      + `JAVA_HOME: ${path.join(nowhere, 'bin', 'java')} (not found); `
      + 'PATH: java (Java 8). Set "mmdsl.java.home" to a JDK 17+ folder.',
  });
});

test('activate without Java shows that message and starts no server', () => {
  environment({});
  extension.activate(context());
  assert.strictEqual(errors.length, 1);
  assert.match(errors[0], /^mmdsl needs Java 17 or newer .* PATH: java \(not found\)\. Set "mmdsl.java.home"/);
  assert.strictEqual(clients.length, 0);
});

test('activate without the server jar says where it looked', () => {
  environment({ javaHome: java17 });
  const ctx = context();
  extension.activate(ctx);
  assert.deepStrictEqual(errors, ['mmdsl: language server jar not found at ' + path.join(ctx.dir, 'server', 'mmdsl-ls.jar')]);
  assert.strictEqual(clients.length, 0);
});

test('activate starts the jar with the found Java, the launcher script\'s flags, and a CDS archive written once then read', () => {
  environment({ javaHome: java17 });
  const ctx = context();
  fs.mkdirSync(path.join(ctx.dir, 'server'));
  const jar = path.join(ctx.dir, 'server', 'mmdsl-ls.jar');
  fs.writeFileSync(jar, 'not really a jar');
  extension.activate(ctx);
  assert.deepStrictEqual(errors, []);
  assert.strictEqual(clients.length, 1);
  const c = clients[0];
  assert.ok(c.started);
  assert.deepStrictEqual(c.clientOptions.documentSelector, [{ scheme: 'file', language: 'mmdsl' }]);
  assert.strictEqual(c.serverOptions.command, path.join(java17, 'bin', 'java'));
  const args = c.serverOptions.args;
  assert.deepStrictEqual(args.slice(0, 4), ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xlog:disable', '-Xlog:all=warning:stderr']);
  assert.match(args[4], /^-XX:DumpLoadedClassList=.*mmdsl-ls-[0-9a-f]{16}\.classlist$/);
  assert.deepStrictEqual(args.slice(5), ['-jar', jar]);
  assert.deepStrictEqual(commands, ['mmdsl.showMaps.open', 'mmdsl.picture.open', 'mmdsl.picture.show']);
  // the server listed its classes: the next start dumps the archive from the list and starts without one
  const list = args[4].slice('-XX:DumpLoadedClassList='.length);
  fs.writeFileSync(list, 'java/lang/Object id: 0\n');
  const dumps = [];
  const second = extension.javaFlags(ctx, c.serverOptions.command, jar, (...a) => dumps.push(a));
  assert.strictEqual(second.length, 4);
  const jsa = list.replace(/\.classlist$/, '.jsa');
  assert.deepStrictEqual(dumps, [[c.serverOptions.command, jar, list, jsa]]);
  // the dump wrote the archive: later starts read it
  fs.writeFileSync(jsa, '');
  const third = extension.javaFlags(ctx, c.serverOptions.command, jar, () => assert.fail('dumped twice'));
  assert.strictEqual(third[4], '-XX:SharedArchiveFile=' + jsa);
});

/** Waits until fn() holds (the dump runs in a child process), at most a minute. */
async function until(fn) {
  for (let i = 0; i < 600 && !fn(); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the archive dump writes the archive from the class list with the real java, under its final name only when done', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mmdsl-dump-'));
  const list = path.join(dir, 'x.classlist');
  const jsa = path.join(dir, 'x.jsa');
  fs.writeFileSync(list, 'java/lang/Object id: 0\njava/lang/String id: 1\n');
  extension.dumpArchive(realJava, dir, list, jsa);
  await until(() => fs.existsSync(jsa));
  assert.ok(fs.statSync(jsa).size > 0, 'an archive was written');
  assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['x.classlist', 'x.jsa']);
});

test('a dump that writes no archive removes the class list, so a later start lists the classes again', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mmdsl-dump-'));
  const list = path.join(dir, 'x.classlist');
  const jsa = path.join(dir, 'x.jsa');
  fs.writeFileSync(list, 'not a class list\n');
  extension.dumpArchive(path.join(java17, 'bin', 'java'), path.join(dir, 'missing.jar'), list, jsa);
  await until(() => !fs.existsSync(list));
  assert.deepStrictEqual(fs.readdirSync(dir), []);
});

/** The extension activated with Java 17 and a server jar: its language client. */
function started() {
  environment({ javaHome: java17 });
  const ctx = context();
  fs.mkdirSync(path.join(ctx.dir, 'server'));
  fs.writeFileSync(path.join(ctx.dir, 'server', 'mmdsl-ls.jar'), 'not really a jar');
  extension.activate(ctx);
  assert.deepStrictEqual(errors, []);
  return clients[0];
}

/** The commands the server's code lenses call: MmdslCommandService's constants (the server's source). */
function serverLensCommands() {
  const source = fs.readFileSync(path.join(__dirname, '..', '..', 'mmdsl.ide', 'src', 'main', 'java', 'org', 'mmdsl',
    'ide', 'codelens', 'MmdslCommandService.java'), 'utf8');
  return [...source.matchAll(/public static final String \w+ = "(mmdsl\.[A-Za-z.]+)";/g)].map((m) => m[1]).sort();
}

const uri = 'file:///w/pictures-i386.mmdsl';
const svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg id='picture-maps' xmlns='http://www.w3.org/2000/svg' "
  + "width='820.0' height='1019.0'><g id='vma-0' class='tile vma heap'><title>[heap]</title>"
  + "<rect x='0' y='0' width='10' height='10' style='fill:rgb(159,216,168)'/></g></svg>\n";
const mapsAnswer = { kind: 'maps', title: 'maps of init (pid 1)', svg, text: 'tiles\n', line: 15,
  kinds: ['maps', 'physical', 'kernel', 'buddy'] };

test('every command the code lenses call is a client command that shows its answer', async () => {
  const c = started();
  // the server's lenses (CodeLensTest, PictureLensTest): the maps, a kernel block's (no command), a picture
  const lenses = [
    { command: { title: '2 VMAs · 1 page fault — show /proc/1/maps', command: 'mmdsl.showMaps', arguments: [uri, 24] } },
    { command: { title: '1 kernel call', command: '' } },
    { command: { title: 'picture', command: 'mmdsl.showPicture', arguments: [uri, 24] } },
  ];
  const seen = await c.clientOptions.middleware.provideCodeLenses({ uri }, {}, async () => lenses);
  const called = seen.map((l) => l.command.command).filter((x) => x);
  assert.deepStrictEqual(called, ['mmdsl.showMaps.open', 'mmdsl.picture.open']);
  for (const id of called) assert.ok(commands.includes(id), id + ' is registered');
  assert.deepStrictEqual(seen[0].command.arguments, [uri, 24]);
  // every command the server has for its lenses is rewritten to a registered one
  assert.deepStrictEqual(Object.keys(extension.LENS_COMMANDS).sort(), serverLensCommands());
  for (const id of Object.values(extension.LENS_COMMANDS)) assert.ok(commands.includes(id), id + ' is registered');
  // the maps lens: the server's text, shown in a tab beside the editor
  answers.push('/proc/1/maps of init after its block\nb7ffd000-b8000000 rw-p 00000000 00:00 0\n');
  await handlers['mmdsl.showMaps.open'](uri, 24);
  assert.deepStrictEqual(requests, [['workspace/executeCommand', { command: 'mmdsl.showMaps', arguments: [uri, 24] }]]);
  assert.deepStrictEqual(shown.map(([d, options]) => [d.opened, options.viewColumn]), [[{
    content: '/proc/1/maps of init after its block\nb7ffd000-b8000000 rw-p 00000000 00:00 0\n', language: 'plaintext',
  }, vscodeStub.ViewColumn.Beside]]);
  // package.json contributes only registered commands
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  for (const { command } of pkg.contributes.commands) assert.ok(commands.includes(command), command + ' is registered');
});

test('the picture page: the SVG inlined, one nonce\'d script, a CSP that allows nothing else', () => {
  const { pictureHtml } = require('../picture-panel.js');
  const html = pictureHtml(mapsAnswer, 'pictures-i386.mmdsl', 'N0nce');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-N0nce'; style-src-elem 'nonce-N0nce'; style-src-attr 'unsafe-inline'; script-src 'nonce-N0nce'; img-src data:">/);
  assert.strictEqual((html.match(/<script/g) || []).length, 1);
  assert.match(html, /<script nonce="N0nce">/);
  assert.strictEqual((html.match(/<style/g) || []).length, 1);
  assert.match(html, /<style nonce="N0nce">/);
  assert.ok(!html.includes('<?xml'), 'the XML declaration is not inlined');
  assert.ok(html.includes("<div class=\"picture\"><svg id='picture-maps'"), 'the SVG is inlined');
  assert.ok(html.includes('<title>[heap]</title>'), 'tooltips stay');
  assert.ok(!/\b(src|href)=/.test(html), 'nothing is loaded');
  assert.match(html, /<h1>maps of init \(pid 1\)<\/h1><span class="where">pictures-i386.mmdsl:16<\/span>/);
  assert.match(html, /<nav><button type="button" data-kind="maps" aria-pressed="true" class="current">maps<\/button><button type="button" data-kind="physical">physical<\/button><button type="button" data-kind="kernel">kernel<\/button><button type="button" data-kind="buddy">buddy<\/button><\/nav>/);
  const error = pictureHtml({ error: 'the scenario has errors: line 3: <oops>', line: 2, kinds: [] }, 'x.mmdsl', 'N');
  assert.match(error, /<p class="error">the scenario has errors: line 3: &lt;oops&gt;<\/p>/);
  assert.ok(!error.includes('<svg'));
});

test('the panel opens beside the editor, asks mmdsl/picture, and follows buttons, edits and the cursor', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { DEBOUNCE_MS } = require('../picture-panel.js');
  const flush = () => new Promise((r) => setImmediate(r));
  started();
  const doc = { uri: { toString: () => uri }, fileName: '/w/pictures-i386.mmdsl', languageId: 'mmdsl',
    positionAt: (offset) => ({ line: offset === 400 ? 15 : 0, character: 2 }) };
  textDocuments = [doc];
  editor = { document: doc, selection: { active: { line: 15, character: 4 } } };
  answers.push(mapsAnswer);
  await handlers['mmdsl.picture.open'](uri, 400);
  assert.deepStrictEqual(requests, [['mmdsl/picture', { textDocument: { uri }, position: { line: 15, character: 2 } }]]);
  assert.strictEqual(panels.length, 1);
  const panel = panels[0];
  assert.deepStrictEqual(panel.showOptions, { viewColumn: vscodeStub.ViewColumn.Beside, preserveFocus: true });
  assert.strictEqual(panel.options.enableScripts, true);
  assert.deepStrictEqual(panel.options.localResourceRoots, []);
  assert.strictEqual(panel.title, 'maps of init (pid 1)');
  assert.ok(panel.webview.html.includes("<svg id='picture-maps'"));
  // a kind button
  answers.push({ ...mapsAnswer, kind: 'physical', title: 'physical memory', svg: "<svg id='picture-physical'></svg>" });
  panel.message({ type: 'kind', kind: 'physical' });
  await flush();
  assert.deepStrictEqual(requests[1], ['mmdsl/picture', { textDocument: { uri }, position: { line: 15, character: 4 }, kind: 'physical' }]);
  assert.ok(panel.webview.html.includes("<svg id='picture-physical'"));
  // three edits: one request after the pause, still of the kind chosen
  answers.push({ ...mapsAnswer, kind: 'physical', title: 'physical memory', svg: "<svg id='picture-physical-2'></svg>" });
  for (let i = 0; i < 3; i++) listeners.change({ document: doc });
  await flush();
  assert.strictEqual(requests.length, 2, 'nothing asked before the pause');
  t.mock.timers.tick(DEBOUNCE_MS);
  await flush();
  assert.strictEqual(requests.length, 3);
  assert.strictEqual(requests[2][1].kind, 'physical');
  assert.ok(panel.webview.html.includes("<svg id='picture-physical-2'"));
  // the cursor moves to another statement: its own picture, the chosen kind forgotten
  answers.push({ kind: 'buddy', title: 'buddy allocator', svg: "<svg id='picture-buddy'></svg>", text: '', line: 33,
    kinds: ['physical', 'kernel', 'buddy'] });
  listeners.selection({ textEditor: { document: doc }, selections: [{ active: { line: 33, character: 0 } }] });
  t.mock.timers.tick(DEBOUNCE_MS);
  await flush();
  assert.deepStrictEqual(requests[3], ['mmdsl/picture', { textDocument: { uri }, position: { line: 33, character: 0 } }]);
  assert.strictEqual(panel.title, 'buddy allocator');
  assert.ok(panel.webview.html.includes('pictures-i386.mmdsl:34'));
  // a move along the same line stays on its statement: nothing asked
  listeners.selection({ textEditor: { document: doc }, selections: [{ active: { line: 33, character: 7 } }] });
  t.mock.timers.tick(DEBOUNCE_MS);
  await flush();
  assert.strictEqual(requests.length, 4);
  // another document's edits are not this panel's
  listeners.change({ document: { uri: { toString: () => 'file:///w/other.mmdsl' } } });
  t.mock.timers.tick(DEBOUNCE_MS);
  await flush();
  assert.strictEqual(requests.length, 4);
});

/** The part of VS Code's ExtensionContext the extension uses, in a fresh folder. */
function context() {
  const dir = fs.mkdtempSync(path.join(tmp, 'extension-'));
  return {
    dir,
    subscriptions: [],
    globalStorageUri: { fsPath: path.join(dir, 'storage') },
    asAbsolutePath: (p) => path.join(dir, p),
  };
}
