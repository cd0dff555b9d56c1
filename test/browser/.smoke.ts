import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeReport } from '/work/main/server/report/write-report.js';
import { copyFixture, launchBrowser, openReport, screenshot, violations, waitRendered } from '/work/main/test/browser/harness.js';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'smoke-'));
const dir = copyFixture('moons-run', tmp);
const file = writeReport(dir);
console.log(file, fs.statSync(file).size);
const b = await launchBrowser();
const { page, problems } = await openReport(b, file);
await waitRendered(page, 'metrics');
await screenshot(page, 'smoke-metrics');
for (const tab of ['embedding', 'dendrogram', 'curves']) {
  await page.click(`vscode-tab-header[data-tab=${tab}]`);
  await waitRendered(page, tab);
  await screenshot(page, 'smoke-' + tab);
}
console.log(await page.evaluate(() => [document.querySelector('.embedding-chart')?.outerHTML.slice(0,200), document.querySelector('svg.dendrogram')?.getAttribute('data-leaves'), document.querySelectorAll('.leaf').length, [...document.querySelectorAll('.curves-chart')].map(e => (e as HTMLElement).dataset.series + '/' + (e as HTMLElement).dataset.points)]));
console.log(problems, await violations(page));
await b.close();
