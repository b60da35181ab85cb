// browser_test.mjs: the web page of `whosaid serve` in a real browser
// (playwright-core driving Debian's chromium, headless). A person's path:
// search, open a speaker, open an article, follow an exchange, try the
// engine; then the hostile article, whose title, URL and quotes hold
// script payloads that must show as text and never run. Screenshots of
// each view go to OUTDIR.
//
// Usage: node browser_test.mjs BASE_URL OUTDIR
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node browser_test.mjs BASE_URL OUTDIR');
  process.exit(2);
}
fs.mkdirSync(outDir, {recursive: true});

const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'whosaid-chromium-'));
const context = await chromium.launchPersistentContext(userData, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: {width: 1280, height: 860},
  deviceScaleFactor: 1,
});
const page = context.pages()[0] || await context.newPage();
const problems = [];
page.on('pageerror', e => problems.push('page error: ' + e.message));
page.on('console', m => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
page.on('dialog', d => { problems.push('a dialog opened: ' + d.message()); d.dismiss(); });
page.setDefaultTimeout(15000);

let passed = 0;
/* Runs one step; a failure is reported with a screenshot and ends the run. */
async function step(name, fn) {
  try {
    await fn();
    passed++;
    console.log('ok', name);
  } catch (err) {
    await page.screenshot({path: path.join(outDir, 'FAILED-' + name + '.png'), fullPage: true}).catch(() => {});
    console.error('FAIL', name + ':', err.message);
    await context.close();
    fs.rmSync(userData, {recursive: true, force: true});
    process.exit(1);
  }
}

/* Saves a screenshot of the page as NAME.png. */
async function shot(name, full = false) {
  await page.waitForTimeout(150);
  await page.screenshot({path: path.join(outDir, name + '.png'), fullPage: full});
}

await step('search', async () => {
  await page.goto(base + '/#/');
  await page.waitForSelector('.teaser .chip');
  await shot('home');
  await page.fill('input.q', 'reservoir*');
  await page.fill('input[name=speaker]', 'Varga');
  await page.press('input.q', 'Enter');
  await page.waitForSelector('.card');
  assert.match(page.url(), /q=reservoir/);
  assert.match(page.url(), /speaker=Varga/);
  const marks = await page.$$eval('.card mark', ms => ms.map(m => m.textContent.toLowerCase()));
  assert.ok(marks.length > 0 && marks.every(m => m.startsWith('reservoir')), 'highlights: ' + marks);
  const whos = await page.$$eval('.card .who', ws => ws.map(w => w.textContent));
  assert.ok(whos.every(w => w.includes('Varga')), 'speakers: ' + whos);
  assert.match(await page.textContent('.status'), /\d+ statements?/);
  const shown = await page.$$eval('.card', cs => cs.length);
  if (shown < 20) assert.ok(await page.isHidden('button.more'), 'no "More" after the last page');
  await shot('search');
});

await step('sharable search URL', async () => {
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector('.card mark');
  assert.equal(await page.inputValue('input.q'), 'reservoir*');
});

await step('speaker', async () => {
  await page.click('.card .who');
  await page.waitForSelector('svg.chart rect');
  assert.match(page.url(), /#\/speaker\/\d+/);
  assert.match(await page.textContent('h1'), /Varga/);
  assert.ok(await page.$$eval('.facts .chip', cs => cs.length) > 0, 'aliases and roles shown');
  assert.ok(await page.$$eval('svg.chart rect', rs => rs.length) > 0, 'chart bars');
  await page.waitForSelector('.cards .card');
  await shot('speaker', true);
});

await step('speakers list', async () => {
  await page.click('nav a[data-nav=speakers]');
  await page.waitForSelector('table.speakers td.name a');
  const counts = await page.$$eval('table.speakers td.num:nth-child(4)', tds => tds.map(t => parseInt(t.textContent, 10)));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most quoted first');
  await shot('speakers');
});

await step('article', async () => {
  await page.goto(base + '/#/?q=reservoirs');
  await page.waitForSelector('.card .src a');
  await page.click('.card .src a');
  await page.waitForSelector('.doctext .stmt');
  assert.match(page.url(), /#\/doc\/\d+\?s=\d+/);
  const n = await page.$$eval('.doctext .stmt', s => new Set(s.map(x => x.dataset.id)).size);
  const listed = parseInt(await page.textContent('aside h2'), 10);
  assert.ok(n > 3 && n <= listed, `highlighted ${n} of ${listed}`);
  assert.ok(await page.$('.stmt.focus'), 'the statement followed is marked');
  const colours = await page.$$eval('.doctext .stmt', s => new Set(s.map(x => getComputedStyle(x).borderBottomColor)).size);
  assert.ok(colours >= 2, 'speakers in different colours');
  await page.hover('.doctext .stmt.focus');
  await page.waitForSelector('#tip:not([hidden])');
  assert.match(await page.textContent('#tip'), /Speaker/);
  await shot('article');
});

await step('exchanges', async () => {
  await page.click('nav a[data-nav=exchanges]');
  await page.waitForSelector('.exchange');
  const pair = await page.textContent('.exchange .pair');
  assert.match(pair, /→/);
  await shot('exchanges');
  await page.click('.exchange .src a');
  await page.waitForSelector('.doctext .stmt.focus');
  assert.match(page.url(), /#\/doc\/\d+\?s=\d+/);
});

await step('extract', async () => {
  await page.goto(base + '/#/extract');
  await page.fill('textarea', 'Mayor Ana Lopez said on X: \u201cThe bridge opens in May.\u201d\n' +
    '\u201cWe will check,\u201d the inspector, Tom Reed, told reporters.');
  await page.click('form.extract button');
  await page.waitForSelector('.doctext .stmt');
  assert.equal(await page.$$eval('.doctext .stmt', s => s.length), 2);
  await shot('extract');
});

await step('hostile article shows as text and runs nothing', async () => {
  await page.goto(base + '/#/?speaker=Hacker');
  await page.waitForSelector('.card');
  const text = await page.textContent('#view');
  assert.ok(text.includes('<script>window.__pwned=1</script>'), 'the payload shows as text');
  await shot('hostile-search');
  await page.click('.card .src a');
  await page.waitForSelector('.doctext .stmt');
  const title = await page.textContent('article.doc h1');
  assert.ok(title.includes('<script>') && title.includes('onerror='), 'title as text: ' + title);
  assert.ok(await page.textContent('.doctext').then(t => t.includes('<img src=x onerror=')), 'quote as text');
  // The javascript: URL is shown, never made a link.
  assert.equal(await page.$$eval('a[href^="javascript:" i]', as => as.length), 0);
  assert.ok((await page.textContent('p.url')).startsWith('javascript:'));
  // Nothing ran and nothing was injected.
  await page.hover('.doctext .stmt');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.$$eval('script', s => s.filter(x => !x.src.endsWith('/app.js')).length), 0);
  assert.equal(await page.$$eval('#view img, #view svg:not(.chart), #view iframe', s => s.length), 0);
  assert.equal(await page.$$eval('[onerror], [onload]', s => s.length), 0);
  await shot('hostile-article');
});

await step('no errors in the page', async () => {
  assert.deepEqual(problems, []);
});

await context.close();
fs.rmSync(userData, {recursive: true, force: true});
console.log(`${passed} passed, 0 failed`);
