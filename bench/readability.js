// readability.js: Readability.js (npm @mozilla/readability on linkedom's DOM)
// over the gzipped HTML pages of a folder, for bench/extraction.sh. Prints
// one line: pages, CPU seconds of parsing + extraction (pages already
// decompressed in memory), pages/s. With --dump DIR, writes each page's
// textContent to DIR/ID.txt (for tests/html/shingle_f1.py).
// Usage: node bench/readability.js HTML_DIR [--repeat N] [--dump DIR]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';

const args = process.argv.slice(2);
const dir = args[0];
let repeat = 1, dump = null;
for (let i = 1; i < args.length; i++) {
  if (args[i] === '--repeat') repeat = Math.max(1, parseInt(args[++i], 10));
  else if (args[i] === '--dump') dump = args[++i];
}
const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.html.gz')).sort().map((f) => ({
  id: f.replace(/\.html\.gz$/, ''),
  html: zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8'),
}));

// Extracts one page; returns its text ('' when Readability finds nothing).
function extract(html) {
  const { document } = parseHTML(html);
  const article = new Readability(document).parse();
  return article && article.textContent ? article.textContent : '';
}

let best = Infinity;
for (let r = 0; r < repeat; r++) {
  const t0 = process.cpuUsage();
  for (const p of pages) {
    const text = extract(p.html);
    if (dump && r === 0) fs.writeFileSync(path.join(dump, p.id + '.txt'), text);
  }
  const u = process.cpuUsage(t0);
  best = Math.min(best, (u.user + u.system) / 1e6);
}
console.log(`readability.js pages ${pages.length} cpu ${best.toFixed(3)} s pages/s ${(pages.length / best).toFixed(1)}`);
