// The result panels' entry point (see webviews/README.md): connects to the host (a VS Code webview or
// report.html), then draws what it sends.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './theme.css';
import { connectHost } from './host.js';
import { Panel } from './panel.js';

const host = connectHost();
if (host.mode === 'report') followSystemScheme();
const panel = new Panel(host);
host.start(message => panel.handle(message));

/** report.html: the browser's light or dark scheme as VS Code's body classes, which the styles and charts follow. */
function followSystemScheme(): void {
    document.body.classList.add('report');
    const dark = matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
        document.body.classList.toggle('vscode-dark', dark.matches);
        document.body.classList.toggle('vscode-light', !dark.matches);
    };
    apply();
    dark.addEventListener('change', apply);
}
