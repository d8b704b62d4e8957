// VS Code client for mmdsl: starts the language server jar with a Java 17+ found in the setting
// mmdsl.java.home, then JAVA_HOME, then PATH, and says clearly which one failed and why. The server's code
// lenses call LSP commands that answer with text (for every editor); here a middleware points them at
// client commands that show the answer: the maps in a text tab, the picture in a webview beside the editor
// (picture-panel.js, from the server's `mmdsl/picture` request).
const vscode = require('vscode');
const path = require('path');
const fs = require('fs');
const cp = require('child_process');
const { LanguageClient } = require('vscode-languageclient/node');
const { PicturePanel } = require('./picture-panel');

let client;

/**
 * The commands the server's code lenses call (MmdslCommandService: they answer with text) and the client
 * commands that show their answer. The client commands get their own names: vscode-languageclient registers
 * the server's names itself, to run them on the server and drop the answer.
 */
const LENS_COMMANDS = {
  'mmdsl.showMaps': 'mmdsl.showMaps.open',
  'mmdsl.showPicture': 'mmdsl.picture.open',
};

/** The lenses with their server commands replaced by the client commands of LENS_COMMANDS (same arguments). */
function clientLenses(lenses) {
  if (!Array.isArray(lenses)) return lenses;
  for (const lens of lenses) {
    const c = lens && lens.command;
    if (c && Object.prototype.hasOwnProperty.call(LENS_COMMANDS, c.command)) c.command = LENS_COMMANDS[c.command];
  }
  return lenses;
}

function javaVersion(java) {
  try {
    const out = cp.spawnSync(java, ['-version'], { encoding: 'utf8' });
    const m = /version "(\d+)(?:\.(\d+))?/.exec(out.stderr || '');
    if (!m) return -1;
    return m[1] === '1' ? parseInt(m[2], 10) : parseInt(m[1], 10);
  } catch (e) {
    return -1;
  }
}

function findJava() {
  const exe = process.platform === 'win32' ? 'java.exe' : 'java';
  const tried = [];
  const candidates = [];
  const setting = vscode.workspace.getConfiguration('mmdsl').get('java.home');
  if (setting) candidates.push(['setting mmdsl.java.home', path.join(setting, 'bin', exe)]);
  if (process.env.JAVA_HOME) candidates.push(['JAVA_HOME', path.join(process.env.JAVA_HOME, 'bin', exe)]);
  candidates.push(['PATH', exe]);
  for (const [from, java] of candidates) {
    const v = javaVersion(java);
    if (v >= 17) return { java };
    tried.push(`${from}: ${java} (${v < 0 ? 'not found' : 'Java ' + v})`);
  }
  return { error: 'mmdsl needs Java 17 or newer to run its language server. Tried ' + tried.join('; ') +
    '. Set "mmdsl.java.home" to a JDK 17+ folder.' };
}

// The flags of mmdsl.ide/mmdsl-ls (README, Editors): C1 only, serial GC, JVM warnings on stderr (stdout is
// the protocol), and a static AppCDS archive. The build's archive names the jar at its build path, so the
// client keeps its own in the extension's global storage, one per jar and java, made in three starts: the
// first lists the classes the server loads (-XX:DumpLoadedClassList, written as it runs), the second starts
// without an archive while `java -Xshare:dump` writes one from that list in the background (a few seconds of
// CPU, once), later starts read it (-XX:SharedArchiveFile). Static, not JDK 17's dynamic archive
// (-XX:ArchiveClassesAtExit), which leaves out EMF's Java 5 class files and all that extends them.
function javaFlags(context, java, jar, dump = dumpArchive) {
  const flags = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xlog:disable', '-Xlog:all=warning:stderr'];
  try {
    const dir = context.globalStorageUri.fsPath;
    fs.mkdirSync(dir, { recursive: true });
    const st = fs.statSync(jar);
    const key = require('crypto').createHash('sha1').update(java + '\0' + jar + '\0' + st.size + '\0' + st.mtimeMs)
      .digest('hex').slice(0, 16);
    const jsa = path.join(dir, 'mmdsl-ls-' + key + '.jsa');
    const list = path.join(dir, 'mmdsl-ls-' + key + '.classlist');
    if (fs.existsSync(jsa)) {
      flags.push('-XX:SharedArchiveFile=' + jsa);
    } else if (fs.existsSync(list)) {
      dump(java, jar, list, jsa);
    } else {
      flags.push('-XX:DumpLoadedClassList=' + list);
    }
  } catch (e) {
    // no storage: start without the archive
  }
  return flags;
}

// Writes the archive from the class list, in the background, into a temporary name renamed when the dump
// succeeds (a server starting meanwhile never reads half an archive). A failed dump removes the list, so a
// later start lists the classes again.
function dumpArchive(java, jar, list, jsa) {
  const partial = jsa + '.' + process.pid + '.part';
  const child = require('child_process').spawn(java, ['-Xshare:dump', '-XX:SharedClassListFile=' + list,
    '-XX:SharedArchiveFile=' + partial, '-XX:+UseSerialGC', '-cp', jar], { stdio: 'ignore' });
  child.on('error', () => fs.rmSync(list, { force: true }));
  child.on('exit', (code) => {
    if (code === 0 && fs.existsSync(partial)) {
      fs.renameSync(partial, jsa);
    } else {
      fs.rmSync(partial, { force: true });
      fs.rmSync(list, { force: true });
    }
  });
}

function activate(context) {
  const found = findJava();
  if (found.error) {
    vscode.window.showErrorMessage(found.error);
    return;
  }
  const configured = vscode.workspace.getConfiguration('mmdsl').get('server.jar');
  const jar = configured || context.asAbsolutePath(path.join('server', 'mmdsl-ls.jar'));
  if (!fs.existsSync(jar)) {
    vscode.window.showErrorMessage('mmdsl: language server jar not found at ' + jar);
    return;
  }
  const serverOptions = { command: found.java, args: [...javaFlags(context, found.java, jar), '-jar', jar] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'mmdsl' }],
    middleware: {
      provideCodeLenses: async (document, token, next) => clientLenses(await next(document, token)),
      resolveCodeLens: async (lens, token, next) => clientLenses([await next(lens, token)])[0],
    },
  };
  client = new LanguageClient('mmdsl', 'mmdsl language server', serverOptions, clientOptions);
  const pictures = new PicturePanel(vscode, (params) => client.sendRequest('mmdsl/picture', params));
  context.subscriptions.push(
    vscode.commands.registerCommand('mmdsl.showMaps.open', async (uri, offset) => {
      const text = await client.sendRequest('workspace/executeCommand', { command: 'mmdsl.showMaps', arguments: [uri, offset] });
      const doc = await vscode.workspace.openTextDocument({ content: String(text), language: 'plaintext' });
      vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }),
    vscode.commands.registerCommand('mmdsl.picture.open', (uri, offset) => pictures.open(uri, offset)),
    vscode.commands.registerCommand('mmdsl.picture.show', () => pictures.openAtCursor()),
    ...pictures.listen());
  client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, findJava, javaVersion, javaFlags, dumpArchive, clientLenses, LENS_COMMANDS };
