// Small helpers that drive the VS Code workbench the way a user does (keyboard, clicks), with the
// selectors VS Code's own smoke tests use. Every wait has a timeout and says what it waited for.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const quickInput = (page) => page.locator('.quick-input-widget');

/** Opens the quick input with `key`, retrying once: a key pressed while the workbench is still restoring can be lost. */
async function openQuickInput(page, key) {
    for (let attempt = 0; attempt < 3; attempt++) {
        await page.locator('.monaco-workbench').focus().catch(() => {});
        await page.keyboard.press(key);
        try {
            await quickInput(page).waitFor({ state: 'visible', timeout: 3000 });
            return;
        } catch { await page.keyboard.press('Escape'); }
    }
    throw new Error(`the quick input did not open on ${key}`);
}

/** Quick Open (Ctrl+P) a workspace file by name; resolves once its editor tab is active. */
export async function openFile(page, name) {
    // Into the first editor group: after a step that clicked in the Results panel (the second group), Quick Open
    // would open the file there, beside its copy in the first group.
    await page.keyboard.press('Control+1');
    // Right after the workbench loads, the file search behind Quick Open may not list the file yet: retry.
    for (let attempt = 1; ; attempt++) {
        await openQuickInput(page, 'Control+p');
        await page.keyboard.type(name);
        try {
            await quickInput(page).locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout: 5000 });
            break;
        } catch (error) {
            await page.keyboard.press('Escape');
            if (attempt === 4) throw new Error(`Quick Open did not find ${name} in 4 tries`);
            await page.waitForTimeout(1000);
        }
    }
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 10_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/** Runs a command by its palette title (F1, type, Enter on the row with exactly that label). */
export async function runCommand(page, title) {
    await openQuickInput(page, 'F1');
    await page.keyboard.type(title);
    const row = quickInput(page).locator('.monaco-list-row', { hasText: title }).first();
    try {
        await row.waitFor({ timeout: 10_000 });
    } catch {
        const offered = await quickInput(page).locator('.monaco-list-row').allInnerTexts();
        await page.keyboard.press('Escape');
        throw new Error(`no command "${title}" in the palette (offered: ${offered.slice(0, 5).join(' | ') || 'nothing'})`);
    }
    await row.click();
}

/** The CodeLens link whose text starts with `text` (titles render codicons as icons, so "$(play) Run" reads "Run"). */
export function codeLens(page, text) {
    return page.locator('.codelens-decoration a').filter({ hasText: new RegExp(`^\\s*${text.replace(/[()]/g, '\\$&')}`) });
}

export async function codeLensTexts(page) {
    return page.locator('.codelens-decoration a').allInnerTexts();
}

/** Opens the Problems panel and returns its rows' text once a row contains `expected`. */
export async function problemRows(page, expected, timeoutMs = 30_000) {
    await runCommand(page, 'View: Focus Problems');
    const rows = page.locator('.markers-panel .monaco-list-row');
    try {
        await rows.filter({ hasText: expected }).first().waitFor({ timeout: timeoutMs });
    } catch {
        throw new Error(`no Problems row contains "${expected}"; rows: ${JSON.stringify(await rows.allInnerTexts())}`);
    }
    return rows.allInnerTexts();
}

/** Triggers suggest (Ctrl+Space) at the cursor and returns the offered labels. */
export async function suggestions(page, expected) {
    await page.keyboard.press('Control+Space');
    const rows = page.locator('.suggest-widget.visible .monaco-list-row');
    await rows.first().waitFor({ timeout: 15_000 });
    // The list fills from the server's answer (a "Loading…" row first, on a busy machine for a while): read it until
    // the expected label shows or 10 s have passed, asking again once midway.
    const labels = () => page.locator('.suggest-widget.visible .monaco-list-row .label-name').allInnerTexts();
    const deadline = Date.now() + 10_000;
    let asked = false, found = await labels();
    while (!(expected ? found.includes(expected) : found.some(Boolean)) && Date.now() < deadline) {
        await page.waitForTimeout(300);
        if (!asked && Date.now() > deadline - 5_000) {
            asked = true;
            await page.keyboard.press('Control+Space');
        }
        found = await labels();
    }
    return found;
}

/** The status bar's texts (one per item). */
export async function statusBarTexts(page) {
    return page.locator('.statusbar .statusbar-item').allInnerTexts();
}

/** Text of the visible notification toasts (and of a modal dialog, which restricted-mode messages may use). */
export async function messages(page) {
    const toasts = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
    const dialogs = await page.locator('.monaco-dialog-box .dialog-message-text, .monaco-dialog-box .dialog-message-detail').allInnerTexts();
    return [...toasts, ...dialogs];
}

/** The content frame of the visible webview (VS Code nests the page in #active-frame). */
export function webview(page) {
    return page.locator('iframe.webview.ready').filter({ visible: true }).first().contentFrame().locator('#active-frame').contentFrame();
}

/** Run folders under <workspace>/.expspec/runs (including `.tmp-` ones still running), with their run.json. */
export function runFolders(workspace) {
    const dir = path.join(workspace, '.expspec/runs');
    let names = [];
    try { names = readdirSync(dir); } catch { return []; }
    return names.sort().map(name => {
        let run;
        try { run = JSON.parse(readFileSync(path.join(dir, name, 'run.json'), 'utf8')); } catch { run = undefined; }
        return { name, dir: path.join(dir, name), run, status: run?.status };
    });
}

/** Polls `probe` until it returns a truthy value; on timeout throws, describing `what` (a function is called then, to show the state at the end). */
export async function until(probe, { timeoutMs, intervalMs = 1000, what }) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${typeof what === 'function' ? await what() : what}`);
        }
        await new Promise(r => setTimeout(r, intervalMs));
    }
}

/** The extension's "expspec" output channel, as VS Code writes it to the logs folder. */
export function outputLog(scratch) {
    const logs = path.join(scratch, 'user-data/logs');
    let text = '';
    try {
        for (const session of readdirSync(logs).sort()) {
            for (const host of readdirSync(path.join(logs, session)).filter(d => d.startsWith('exthost'))) {
                const file = path.join(logs, session, host, 'expspec.expspec/expspec.log');
                try { text = readFileSync(file, 'utf8'); } catch { /* not this session */ }
            }
        }
    } catch { /* no logs yet */ }
    return text; // the newest session's channel
}
