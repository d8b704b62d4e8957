// Opens an `mmdsl run --html` report in headless Chromium and prints, as one JSON document on stdout, what
// the page shows: console messages and page errors, every request the page made (only the file itself is
// let through), the pictures (figure id, kind, caption, the SVG's title and its drawn size), the events per
// line as the page lists them, the boot log, duplicate ids, and the body's colours in the light and the dark
// scheme. Saves full-page screenshots in both schemes. Run by mmdsl.tests HtmlReportBrowserTest:
//   node check-report.mjs REPORT.html LIGHT.png DARK.png
// Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM); playwright-core does not download a browser.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [report, lightPng, darkPng] = process.argv.slice(2);
if (!report || !lightPng || !darkPng) {
  console.error('usage: node check-report.mjs REPORT.html LIGHT.png DARK.png');
  process.exit(2);
}
const url = pathToFileURL(report).href;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const result = { console: [], pageErrors: [], requests: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  page.on('console', (m) => result.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => result.pageErrors.push(String(e)));
  page.on('request', (r) => result.requests.push(r.url()));
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url, { waitUntil: 'load' });

  Object.assign(result, await page.evaluate(() => {
    const text = (e) => (e ? e.textContent : null);
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    const events = [];
    for (const line of document.querySelectorAll('main .line')) {
      const no = line.id.replace(/^L/, '');
      for (const part of line.querySelectorAll('.events > .ev, .events > details.boot-log > pre')) {
        if (part.matches('.ev')) {
          const pre = part.querySelector('pre');
          events.push({ line: no, kind: part.classList[1], mark: text(part.querySelector('.mark')),
            text: text(part.querySelector('.msg')), output: pre ? pre.textContent : null });
        } else {
          for (const l of part.textContent.split('\n')) {
            events.push({ line: no, kind: 'boot-log', mark: null, text: l, output: null });
          }
        }
      }
    }
    const pictures = [...document.querySelectorAll('figure.picture')].map((f) => {
      const svg = f.querySelector(':scope > svg');
      const box = svg.getBoundingClientRect();
      return {
        id: f.id, kind: f.dataset.kind, line: f.dataset.line, caption: text(f.querySelector('figcaption')),
        title: text(svg.querySelector('.title text')), label: svg.getAttribute('aria-label'),
        width: Math.round(box.width), height: Math.round(box.height),
        viewBoxWidth: svg.viewBox.baseVal.width, groups: svg.querySelectorAll('g[id]').length,
        tooltips: svg.querySelectorAll('title').length,
      };
    });
    return {
      title: document.title,
      h1: text(document.querySelector('h1')),
      verdict: text(document.querySelector('header .verdict')),
      facts: [...document.querySelectorAll('.facts dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling.textContent}`),
      nav: [...document.querySelectorAll('nav.pictures a')].map((a) => `${a.textContent} ${a.getAttribute('href')}`),
      svgCount: document.querySelectorAll('svg').length,
      pictures,
      events,
      bootLogSummary: text(document.querySelector('details.boot-log summary')),
      footer: text(document.querySelector('footer .verdict')),
      duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
      scripts: document.querySelectorAll('script').length,
      external: [...document.querySelectorAll('[src], link[href]')].map((e) => e.outerHTML.slice(0, 120)),
      lightBackground: getComputedStyle(document.body).backgroundColor,
      lightText: getComputedStyle(document.body).color,
      pageHeight: document.documentElement.scrollHeight,
    };
  }));
  await page.screenshot({ path: lightPng, fullPage: true });

  await page.emulateMedia({ colorScheme: 'dark' });
  result.darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  result.darkText = await page.evaluate(() => getComputedStyle(document.body).color);
  await page.screenshot({ path: darkPng, fullPage: true });
  await context.close();
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result, null, 1) + '\n');
