// The hooks every panel test file needs: one Chromium for the file, and after each test every page it opened
// checked for console errors and CSP violations, then closed. (Separate from harness.ts, which the render
// benchmark also loads outside vitest.)
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser, violations } from './harness.js';

export interface PanelSession {
    /** The file's browser (launched before its first test). */
    readonly browser: () => Browser;
    /** Checks the page after the test and closes it; returns what it was given. */
    keep<T extends { readonly page: Page; readonly problems: string[] }>(opened: T): T;
}

export function panelSession(): PanelSession {
    let browser: Browser | undefined;
    const open: Array<{ page: Page; problems: string[] }> = [];
    beforeAll(async () => { browser = await launchBrowser(); }, 60_000);
    afterAll(async () => { await browser?.close(); });
    afterEach(async () => {
        for (const { page, problems } of open.splice(0)) {
            expect(problems).toEqual([]);
            expect(await violations(page)).toEqual([]);
            // Each page has a context of its own (browser.newPage makes one too): closing it frees both.
            await page.context().close();
        }
    });
    return {
        browser: () => {
            if (!browser) throw new Error('the browser is launched in beforeAll');
            return browser;
        },
        keep: opened => {
            open.push(opened);
            return opened;
        },
    };
}
