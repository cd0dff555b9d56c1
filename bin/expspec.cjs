#!/usr/bin/env node
// Launcher for the `expspec` command: the CLI itself is the bundle that `npm run build` writes.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'out', 'cli', 'main.cjs');
if (!fs.existsSync(cli)) {
    console.error(`expspec: ${path.relative(process.cwd(), cli)} is missing: run \`npm run build\` first`);
    process.exit(2);
}
require(cli);
