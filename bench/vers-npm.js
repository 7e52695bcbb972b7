// Check every "VERSION<TAB>RANGE" line of FILE with the npm package semver (satisfies, default
// options) ROUNDS times and print one line of JSON: {"checks": N, "seconds": S,
// "per_second": R, "true": T}. Used by bench/vers.sh beside `cvd version satisfies --scheme npm`
// on the same file. Lines are read into memory first; the timing covers satisfies() only.
// semver keeps an LRU cache of parsed ranges, as it does for every user: that favours npm
// when the same range repeats.
'use strict';
const fs = require('fs');
const path = require('path');

const file = process.argv[2];
const rounds = Number(process.argv[3] || 1);
if (!file) {
    console.error('usage: node vers-npm.js FILE [ROUNDS]');
    process.exit(2);
}
const semver = require(path.join(__dirname, 'node_modules', 'semver'));
const pairs = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0)
    .map((l) => l.split('\t'));

let yes = 0;
const t0 = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) {
    for (const [v, range] of pairs) {
        if (semver.satisfies(v, range))
            yes++;
    }
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const checks = pairs.length * rounds;
console.log(JSON.stringify({checks, seconds, per_second: checks / seconds, true: yes}));
