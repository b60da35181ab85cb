// compromise.mjs: the speed of the npm package compromise at finding quotes,
// for comparison with whosaid (bench/run.sh).
//
//   node compromise.mjs ARTICLES_DIR FILES_LST MAX_BYTES [PASSES]
//
// Reads the articles named in FILES_LST (names each followed by a NUL byte,
// as bench/make_corpus.py writes them), in order, until MAX_BYTES bytes are
// read. Then, PASSES times (default 3), runs nlp(text).quotations() on each
// article as its own document and counts the quotations found. Only that
// loop is timed, not Node's start-up, module loading or file reading. Prints
// one JSON object: articles, bytes, quotes, the seconds of each pass and
// their median.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import nlp from "compromise";

const [dir, list, maxArg, passArg] = process.argv.slice(2);
if (!dir || !list || !maxArg) {
  console.error("usage: node compromise.mjs ARTICLES_DIR FILES_LST MAX_BYTES [PASSES]");
  process.exit(2);
}
const maxBytes = Number(maxArg);
const passes = Number(passArg || 3);

// Load the articles first, so that reading files is not timed.
const texts = [];
let bytes = 0;
for (const name of readFileSync(list, "utf8").split("\0")) {
  if (!name || bytes >= maxBytes) continue;
  const buf = readFileSync(join(dir, name));
  bytes += buf.length;
  texts.push(buf.toString("utf8"));
}

// One pass over every article; returns the number of quotations found.
function pass() {
  let quotes = 0;
  for (const t of texts) quotes += nlp(t).quotations().length;
  return quotes;
}

const seconds = [];
let quotes = 0;
for (let i = 0; i < passes; i++) {
  const t0 = process.hrtime.bigint();
  quotes = pass();
  seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
const sorted = [...seconds].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(JSON.stringify({ articles: texts.length, bytes, quotes, seconds, median }));
