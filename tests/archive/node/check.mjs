// check.mjs — reads a vnnews WARC with two independent readers (warcio.js, node-warc) and
// checks what they see: the record sequence, the payload digests (recomputed here with
// node's own SHA-1), and that the gzip-encoded response decodes to the page.
// Usage: node check.mjs FILE.warc.gz   (exit 0 when every check holds)
import fs from "node:fs";
import crypto from "node:crypto";
import { createRequire } from "node:module";
import { WARCParser } from "warcio";

const require = createRequire(import.meta.url);
const { WARCStreamTransform } = require("node-warc/lib/parsers");
import zlib from "node:zlib";

// node-warc 3.3.1's _flush calls its callback twice (it always has a buffered remainder),
// which Node >= 14 rejects with ERR_MULTIPLE_CALLBACK for every file; this subclass calls
// it once and changes nothing else.
class OnceFlushTransform extends WARCStreamTransform {
  _flush(done) {
    if (this.buffered) this._consumeChunk(this.buffered, () => {}, true);
    done();
  }
}

const file = process.argv[2];
const want = ["warcinfo", "request", "response", "request", "response", "request",
  "response", "request", "revisit"];
let failed = 0;
function check(cond, what) {
  if (!cond) {
    console.error(`${file}: ${what}`);
    failed++;
  }
}

function base32(buf) {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, val = 0, out = "";
  for (const b of buf) {
    val = (val << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += abc[(val >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

const types = [];
let decodedOk = 0;
const parser = new WARCParser(fs.createReadStream(file));
for await (const record of parser) {
  types.push(record.warcType);
  if (record.warcType === "response") {
    const raw = await record.readFully(false);
    const d = "sha1:" + base32(crypto.createHash("sha1").update(raw).digest());
    check(d === record.warcHeader("WARC-Payload-Digest"),
      `warcio: payload digest of ${record.warcTargetURI}: header ${record.warcHeader("WARC-Payload-Digest")}, recomputed ${d}`);
    check(!record.warcTargetURI.startsWith("<"), "WARC-Target-URI in angle brackets");
  }
}
check(JSON.stringify(types) === JSON.stringify(want), `warcio: record types ${types}`);

// Decoded content (warcio removes the gzip content-encoding itself).
for await (const record of new WARCParser(fs.createReadStream(file))) {
  if (record.warcType === "response") {
    const text = await record.contentText();
    if (text.includes("Công văn số 4588/UBND-VX")) decodedOk++;
  }
}
check(decodedOk === 3, `warcio: ${decodedOk} of 3 responses decode to the page`);

const nwTypes = await new Promise((resolve, reject) => {
  const seen = [];
  fs.createReadStream(file).pipe(zlib.createGunzip()).pipe(new OnceFlushTransform())
    .on("data", (r) => seen.push(r.warcType))
    .on("end", () => resolve(seen))
    .on("error", reject);
});
check(JSON.stringify(nwTypes) === JSON.stringify(want), `node-warc: record types ${nwTypes}`);

if (failed) process.exit(1);
console.log(`${file}: warcio and node-warc read ${types.length} records, digests match`);
