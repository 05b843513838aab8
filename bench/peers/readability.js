#!/usr/bin/env node
// readability.js -- Mozilla Readability (on jsdom) over many pages in ONE node process,
// so its figure is extraction cost, not process start-up per page.
// Text = article.textContent, as in the published scrapinghub benchmark runner.
// usage: node readability.js [--out DIR] FILE...
//   --out DIR   write DIR/<id>.txt per page (<id> = file name up to its first '.')
// Prints one JSON line to stdout: {"pages", "bytes", "failed", "seconds"} where seconds
// covers the extraction loop only (start-up and module loading excluded).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Readability } = require('@mozilla/readability');
const { JSDOM, VirtualConsole } = require('jsdom');

const args = process.argv.slice(2);
let out = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = args[++i];
  else files.push(args[i]);
}
if (files.length === 0) {
  process.stderr.write('usage: readability.js [--out DIR] FILE...\n');
  process.exit(2);
}
// jsdom reports every CSS it cannot parse; keep stderr for real failures.
const quiet = new VirtualConsole();
let bytes = 0, failed = 0;
const t0 = process.hrtime.bigint();
for (const file of files) {
  const html = fs.readFileSync(file);
  bytes += html.length;
  let text = '';
  try {
    const dom = new JSDOM(html.toString('utf8'), { url: 'https://example.invalid/', virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    text = article && article.textContent ? article.textContent : '';
    dom.window.close();
  } catch (e) {
    failed++;
    process.stderr.write(`readability.js: ${file}: ${e.message}\n`);
  }
  if (out) fs.writeFileSync(path.join(out, path.basename(file).split('.')[0] + '.txt'), text);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({ pages: files.length, bytes, failed, seconds }) + '\n');
