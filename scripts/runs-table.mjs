// Prints the metrics of finished runs as one markdown table, one row per method and dataset (the paper's
// Table 1 layout): `node scripts/runs-table.mjs <run folder>...`. Reads each folder's metrics.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const folders = process.argv.slice(2);
if (folders.length === 0) {
    console.error('usage: node scripts/runs-table.mjs <run folder>...');
    process.exit(2);
}
const metrics = ['ari', 'purity', 'nmi'];
const fmt = s => (s ? `${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)}` : '–');
console.log(`| data | method | ${metrics.map(m => `${m}@k`).join(' | ')} | paper ARI@k |`);
console.log(`|---|---|${metrics.map(() => '---').join('|')}|---|`);
for (const folder of folders) {
    let all;
    try {
        all = JSON.parse(readFileSync(join(folder, 'metrics.json'), 'utf8'));
    } catch (e) {
        console.error(`${folder}: no readable metrics.json (${e.code ?? e.message}); is it a completed run?`);
        continue;
    }
    for (const evaluation of Object.values(all)) {
        for (const [method, m] of Object.entries(evaluation.methods)) {
            const paper = evaluation.paper?.[method];
            console.log(`| ${evaluation.data} | ${method} | ${metrics.map(k => fmt(m.scores[k])).join(' | ')} | ${paper !== undefined ? paper.toFixed(3) : ''} |`);
        }
    }
}
