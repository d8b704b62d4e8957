// The picture panel: a webview beside the editor showing the server's `mmdsl/picture` answer (the SVG of
// the `show picture` statement or process block at or above the cursor, docs/pictures.md), with buttons
// for the other kinds drawable at that step. It follows the document: an edit asks again (debounced),
// and so does a cursor move, which switches the panel when the cursor reaches another statement or block.
// The page runs one nonce'd script (the kind buttons) under a CSP that allows nothing else: no network,
// no other script, style elements only with the nonce (the SVG's own style attributes are allowed; they
// cannot run code).
'use strict';
const crypto = require('crypto');

/** Milliseconds an edit or cursor move waits for the next one before the panel asks the server. */
const DEBOUNCE_MS = 250;

const KIND_LABELS = { maps: 'maps', physical: 'physical', kernel: 'kernel', buddy: 'buddy', walk: 'walk' };

function escapeHtml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function nonce() {
  return crypto.randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

/** The SVG document as an element to inline in HTML: without its XML declaration. */
function inlineSvg(svg) {
  return String(svg).replace(/^\s*<\?xml[^>]*\?>\s*/, '');
}

/**
 * The panel's HTML for one answer of `mmdsl/picture` ({kind, title, svg, text, line, kinds, error}).
 * `source` is the document's file name, shown with the line.
 */
function pictureHtml(answer, source, scriptNonce) {
  const n = scriptNonce || nonce();
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${n}'`,
    `style-src-elem 'nonce-${n}'`,
    "style-src-attr 'unsafe-inline'",
    `script-src 'nonce-${n}'`,
    'img-src data:',
  ].join('; ');
  const where = source ? escapeHtml(source) + (answer.line >= 0 ? ':' + (answer.line + 1) : '') : '';
  const buttons = (answer.kinds || []).map((k) => `<button type="button" data-kind="${escapeHtml(k)}"`
    + (k === answer.kind ? ' aria-pressed="true" class="current"' : '') + `>${escapeHtml(KIND_LABELS[k] || k)}</button>`).join('');
  const body = answer.error
    ? `<p class="error">${escapeHtml(answer.error)}</p>`
    : `<div class="picture">${inlineSvg(answer.svg)}</div>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(answer.title || 'mmdsl picture')}</title>
<style nonce="${n}">
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground); padding: 0 12px; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 12px; }
h1 { font-size: 1.1em; margin: 10px 0 6px; }
.where { opacity: 0.7; font-family: var(--vscode-editor-font-family, monospace); }
nav button { margin-right: 4px; }
nav button.current { font-weight: bold; }
.picture svg { max-width: 100%; height: auto; }
.error { color: var(--vscode-errorForeground, #c00); white-space: pre-wrap; }
</style>
</head>
<body>
<header><h1>${escapeHtml(answer.error ? 'no picture' : answer.title)}</h1><span class="where">${where}</span><nav>${buttons}</nav></header>
${body}
<script nonce="${n}">
const vscode = acquireVsCodeApi();
for (const b of document.querySelectorAll('button[data-kind]')) {
  b.addEventListener('click', () => vscode.postMessage({ type: 'kind', kind: b.dataset.kind }));
}
</script>
</body>
</html>
`;
}

/** Calls `fn` once `ms` after the last call (timers from the caller, so tests can drive them). */
function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * One panel per window, created on first use. `request(params)` sends `mmdsl/picture` to the server.
 */
class PicturePanel {
  constructor(vscode, request) {
    this.vscode = vscode;
    this.request = request;
    this.panel = undefined;
    this.uri = undefined; // the document drawn (string)
    this.line = -1; // the line of the statement or block drawn
    this.kind = undefined; // a kind the user chose with a button, until the cursor leaves the statement
    this.shown = undefined; // what the page shows (the answer's fields), to skip redrawing the same
    this.cursorLine = undefined; // the line of the last cursor move followed
    this.refreshSoon = debounce(() => this.refresh(), DEBOUNCE_MS);
    this.followSoon = debounce((position) => this.follow(position), DEBOUNCE_MS);
  }

  /** Listeners for edits and cursor moves; returns their disposables. */
  listen() {
    const { workspace, window } = this.vscode;
    return [
      workspace.onDidChangeTextDocument((e) => {
        if (this.panel && e.document.uri.toString() === this.uri) this.refreshSoon();
      }),
      window.onDidChangeTextEditorSelection((e) => {
        if (this.panel && e.textEditor.document.uri.toString() === this.uri && e.selections.length > 0) {
          this.followSoon(e.selections[0].active);
        }
      }),
    ];
  }

  /** Shows the picture of the statement or block at `offset` of `uri` (a code lens's arguments). */
  async open(uri, offset) {
    const doc = this.document(uri) || await this.vscode.workspace.openTextDocument(this.vscode.Uri.parse(uri));
    this.uri = doc.uri.toString();
    this.kind = undefined;
    this.ensurePanel();
    await this.show(doc.positionAt(offset));
  }

  /** Shows the picture at the active editor's cursor (command palette). */
  async openAtCursor() {
    const editor = this.vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'mmdsl') {
      this.vscode.window.showInformationMessage('mmdsl: open a .mmdsl file and put the cursor on a `show picture` statement or a process block');
      return;
    }
    this.uri = editor.document.uri.toString();
    this.kind = undefined;
    this.ensurePanel();
    await this.show(editor.selection.active);
  }

  ensurePanel() {
    if (this.panel) {
      this.panel.reveal(this.vscode.ViewColumn.Beside, true);
      return;
    }
    this.panel = this.vscode.window.createWebviewPanel('mmdsl.picture', 'mmdsl picture',
      { viewColumn: this.vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [], enableCommandUris: false, retainContextWhenHidden: false });
    this.panel.webview.onDidReceiveMessage((m) => {
      if (m && m.type === 'kind' && typeof m.kind === 'string') {
        this.kind = m.kind;
        this.refresh();
      }
    });
    this.panel.onDidDispose(() => {
      this.panel = undefined;
      this.shown = undefined;
    });
  }

  document(uri) {
    return this.vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  }

  /** The server's answer at `position` (with `kind` if given); a failure becomes an answer that says so. */
  async fetch(position, kind) {
    const params = { textDocument: { uri: this.uri }, position: { line: position.line, character: position.character } };
    if (kind) params.kind = kind;
    try {
      return await this.request(params);
    } catch (e) {
      // a newer edit cancelled the request (RequestCancelled): the refresh after that edit draws it
      if (e && e.code === -32800) return undefined;
      return { error: 'the language server did not answer: ' + (e && e.message ? e.message : e), line: -1, kinds: [] };
    }
  }

  /** Draws `answer` unless the panel shows it already (so the page is not rebuilt on every keystroke). */
  draw(answer) {
    if (!this.panel || !answer) return;
    this.line = answer.line;
    const key = JSON.stringify([answer.kind, answer.title, answer.svg, answer.error, answer.line, answer.kinds]);
    if (key === this.shown) return;
    this.shown = key;
    this.panel.title = answer.error ? 'mmdsl picture' : answer.title;
    const doc = this.document(this.uri);
    this.panel.webview.html = pictureHtml(answer, doc ? doc.fileName.split(/[\\/]/).pop() : '', nonce());
  }

  async show(position) {
    this.draw(await this.fetch(position, this.kind));
  }

  /** The text changed: the same statement is asked for again (at the cursor, which edits move with). */
  refresh() {
    if (!this.panel) return Promise.resolve();
    const editor = this.vscode.window.activeTextEditor;
    const position = editor && editor.document.uri.toString() === this.uri ? editor.selection.active
      : { line: Math.max(this.line, 0), character: 0 };
    return this.show(position);
  }

  /** The cursor moved: another statement or block gets its own picture; on the same one a chosen kind stays. */
  async follow(position) {
    if (!this.panel || position.line === this.cursorLine) return; // moves within a line stay on its statement
    this.cursorLine = position.line;
    const answer = await this.fetch(position, undefined);
    if (!answer || (answer.line === this.line && this.kind)) return;
    this.kind = undefined;
    this.draw(answer);
  }
}

module.exports = { PicturePanel, pictureHtml, inlineSvg, escapeHtml, DEBOUNCE_MS };
