package org.mmdsl.cli;

/**
 * The stylesheet inlined into every {@link HtmlReport} page: system fonts only (the generic families, nothing
 * to download), colours as custom properties with a dark set under prefers-color-scheme, the listing as a
 * grid (line number, statement, its events beside it on a wide window and below it on a narrow one), the
 * pictures below their line at their own size (scaled down only when the window is narrower). The pictures
 * keep their painted light background in both schemes, as in the editors.
 */
final class HtmlReportStyle {
    private HtmlReportStyle() {
    }

    static final String CSS = """
            :root {
              color-scheme: light dark;
              --bg: #fdfdfb; --fg: #1c1c1c; --muted: #5f5f5f; --rule: #e3e3de; --code: #f5f5f0; --row: #fafaf6;
              --ok: #17703a; --fail: #b3261e; --warn: #8a5a00; --info: #0b5cad; --call: #4a4a4a; --link: #0b5cad;
              --badge-fg: #ffffff;
            }
            @media (prefers-color-scheme: dark) {
              :root {
                --bg: #15171a; --fg: #e4e4e4; --muted: #a4a4a4; --rule: #30343a; --code: #1d2024; --row: #191b1f;
                --ok: #57c27a; --fail: #ff7b72; --warn: #e3b341; --info: #6cb6ff; --call: #c2c2c2; --link: #6cb6ff;
                --badge-fg: #111111;
              }
            }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, sans-serif; }
            header, footer { padding: 18px 24px; }
            header { border-bottom: 1px solid var(--rule); }
            footer { border-top: 1px solid var(--rule); color: var(--muted); }
            h1 { margin: 0 0 6px; font-size: 24px; font-family: ui-monospace, monospace; }
            .kicker { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .08em; font-size: 12px; }
            .verdict { margin: 6px 0 10px; font-weight: 600; }
            .verdict .badge { display: inline-block; padding: 1px 10px; margin-right: 6px; border-radius: 4px;
              color: var(--badge-fg); background: var(--fail); }
            .verdict.pass .badge { background: var(--ok); }
            footer .verdict.pass { color: var(--ok); }
            footer .verdict:not(.pass) { color: var(--fail); }
            .facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
            .facts dt { color: var(--muted); }
            .facts dd { margin: 0; font-family: ui-monospace, monospace; }
            nav.pictures { margin-top: 10px; display: flex; gap: 8px; flex-wrap: wrap; align-items: baseline; }
            nav.pictures span { color: var(--muted); }
            nav.pictures ul { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0; padding: 0; list-style: none; }
            a { color: var(--link); }
            .listing { padding: 8px 0 16px; }
            .line { display: grid; grid-template-columns: 4em minmax(0, 1fr) minmax(0, 1fr); column-gap: 16px;
              padding: 0 24px 0 0; }
            .line.has-events { background: var(--row); border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule);
              margin: -1px 0 0; padding-top: 2px; padding-bottom: 2px; }
            .line:target { outline: 2px solid var(--link); }
            .no { grid-column: 1; text-align: right; color: var(--muted); text-decoration: none;
              font: 13px/1.6 ui-monospace, monospace; user-select: none; }
            .src { grid-column: 2; white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.6 ui-monospace, monospace; }
            .events { grid-column: 3; font: 13px/1.6 ui-monospace, monospace; min-width: 0; }
            .ev { display: grid; grid-template-columns: 1.4em minmax(0, 1fr); }
            .ev .msg { white-space: pre-wrap; overflow-wrap: anywhere; }
            .ev pre { grid-column: 1 / -1; margin: 2px 0 6px 1.4em; padding: 6px 8px; background: var(--code);
              border-left: 3px solid var(--rule); overflow-x: auto; font: inherit; }
            .ev.ok .mark, .ev.ok .msg { color: var(--ok); }
            .ev.fail .mark, .ev.fail .msg, .ev.error .mark, .ev.error .msg { color: var(--fail); font-weight: 600; }
            .ev.warning .mark, .ev.warning .msg { color: var(--warn); }
            .ev.info .mark, .ev.info .msg { color: var(--info); }
            .ev.call .mark { color: var(--muted); }
            .ev.call .msg { color: var(--call); }
            .ev.output .msg { font-weight: 600; }
            details { margin: 2px 0; }
            summary { cursor: pointer; color: var(--muted); }
            details pre { margin: 2px 0 6px; padding: 6px 8px; background: var(--code); overflow-x: auto;
              font: 12px/1.5 ui-monospace, monospace; }
            .figures { grid-column: 2 / -1; padding: 6px 0 12px; }
            figure.picture { margin: 8px 0 14px; }
            figure.picture figcaption { font: 600 13px/1.6 ui-monospace, monospace; margin-bottom: 4px; }
            figure.picture svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule);
              border-radius: 4px; }
            @media (max-width: 900px) {
              .line { grid-template-columns: 3em minmax(0, 1fr); }
              .events { grid-column: 2; margin: 2px 0 4px; }
            }
            @media print {
              .line.has-events { break-inside: avoid; }
              figure.picture { break-inside: avoid; }
            }
            """;
}
