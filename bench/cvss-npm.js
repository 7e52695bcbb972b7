// Score every vector of FILE (one per line) with ae-cvss-calculator and print one line of
// JSON: {"vectors": N, "seconds": S, "per_second": R, "invalid": K}. Used by bench/cvss.sh
// to compare with `cvd cvss` on the same file. The vectors are read into memory first; the
// timing covers parsing and scoring only (no output), which favours npm.
'use strict';
const fs = require('fs');
const path = require('path');

const file = process.argv[2];
const version = process.argv[3]; // "3.1" or "4.0"
if (!file || !version) {
    console.error('usage: node cvss-npm.js FILE 3.1|4.0');
    process.exit(2);
}
const lib = require(path.join(__dirname, 'node_modules', 'ae-cvss-calculator'));
const Cls = version === '4.0' ? lib.Cvss4P0 : lib.Cvss3P1;
const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);

let invalid = 0;
let sink = 0;
const t0 = process.hrtime.bigint();
for (const v of lines) {
    try {
        const s = new Cls(v).calculateScores();
        sink += version === '4.0' ? s.overall : (s.environmental ?? s.temporal ?? s.base);
    } catch (e) {
        invalid++;
    }
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({
    vectors: lines.length, seconds, per_second: lines.length / seconds, invalid, sink: sink > 0,
}));
