// The one HTML template of the result panels: a VS Code webview (script and stylesheet from webview URIs) and
// report.html (both inlined, the run's data in a JSON script) differ only in how the bundle gets in. Pure
// strings: no vscode import (the client calls `panelHtml`, the server and CLI `reportHtml`).

export interface PanelHtmlOptions {
    /** The webview URI of out/webviews/panel.js. */
    readonly scriptUri: string;
    /** The webview URI of out/webviews/panel.css (always built; optional so a bundle without CSS still loads). */
    readonly styleUri?: string;
    /** `webview.cspSource`. */
    readonly cspSource: string;
    /** A fresh random nonce per page. */
    readonly nonce: string;
    readonly title?: string;
}

/** The webview's HTML: a strict CSP (scripts only by nonce; styles from the extension or by nonce; nothing remote). */
export function panelHtml({ scriptUri, styleUri, cspSource, nonce, title = 'expspec results' }: PanelHtmlOptions): string {
    return page({
        title,
        csp: contentSecurityPolicy(nonce, cspSource),
        head: styleUri ? `<link rel="stylesheet" href="${escapeAttribute(styleUri)}">` : '',
        body: `<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>`,
    });
}

export interface ReportHtmlOptions {
    readonly script: string;
    readonly style: string;
    /** A HostToPanel `results` message, serialised by `inlineJson`. */
    readonly data: string;
    readonly nonce: string;
    readonly title: string;
}

/** report.html: self-contained, the same CSP with no source but the nonce (and data:/blob: images for exports). */
export function reportHtml({ script, style, data, nonce, title }: ReportHtmlOptions): string {
    const n = escapeAttribute(nonce);
    return page({
        title,
        csp: contentSecurityPolicy(nonce),
        head: `<style nonce="${n}">\n${style.replace(/<\/style/gi, '<\\/style')}\n</style>`,
        body: `<script type="application/json" id="expspec-data">${data}</script>\n<script nonce="${n}">\n${inlineScript(script)}\n</script>`,
    });
}

export function contentSecurityPolicy(nonce: string, cspSource?: string): string {
    const source = cspSource ? `${cspSource} ` : '';
    return [
        "default-src 'none'",
        `img-src ${source}data: blob:`,
        ...(cspSource ? [`font-src ${cspSource}`] : []),
        `style-src ${source}'nonce-${nonce}'`,
        `script-src 'nonce-${nonce}'`,
    ].join('; ') + ';';
}

/**
 * JSON for a `<script type="application/json">`: `<` written as `\u003c`, so no `</script` or `<!--` in the
 * data can end the element early (JSON.parse reads the escape back as `<`).
 */
export function inlineJson(value: unknown): string {
    return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A bundle inside `<script>`: `</script` would end the element; `<\/script` means the same to JavaScript in strings and regexes. */
function inlineScript(script: string): string {
    return script.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\u0021--');
}

function page({ title, csp, head, body }: { title: string; csp: string; head: string; body: string }): string {
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(title)}</title>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

function escapeText(text: string): string {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
    return escapeText(text).replace(/"/g, '&quot;');
}
