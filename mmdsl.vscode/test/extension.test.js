// The extension's own logic in node, without VS Code (npm test; the Maven build runs it when npm is
// there, mmdsl.vscode/build-vsix.sh): which Java it picks (setting mmdsl.java.home, then JAVA_HOME,
// then PATH), the message when none is 17 or newer, and the command line it gives the language client.
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
let settings, errors, clients, commands;
stub('vscode', {
  workspace: {
    getConfiguration: (section) => ({ get: (key) => settings[section + '.' + key] }),
    openTextDocument: async () => ({}),
  },
  window: { showErrorMessage: (m) => errors.push(m), showTextDocument: () => undefined },
  commands: { registerCommand: (id) => { commands.push(id); return { dispose() {} }; } },
});
stub('vscode-languageclient/node', {
  LanguageClient: class {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, started: false });
      clients.push(this);
    }
    start() { this.started = true; }
    stop() { return Promise.resolve(); }
  },
});
const extension = require('../extension.js');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmdsl-vscode-test-'));
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
  commands = [];
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
  assert.match(args[4], /^-XX:ArchiveClassesAtExit=.*mmdsl-ls-[0-9a-f]{16}\.jsa$/);
  assert.deepStrictEqual(args.slice(5), ['-jar', jar]);
  assert.deepStrictEqual(commands, ['mmdsl.showMaps.open']);
  // the server wrote the archive when it exited: the next start reads it
  fs.writeFileSync(args[4].slice('-XX:ArchiveClassesAtExit='.length), '');
  const again = extension.javaFlags(ctx, c.serverOptions.command, jar);
  assert.strictEqual(again[4], '-XX:SharedArchiveFile=' + args[4].slice('-XX:ArchiveClassesAtExit='.length));
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
