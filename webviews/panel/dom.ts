// A small element builder: the views build their DOM in code (no innerHTML, so nothing needs escaping and the
// strict CSP has no inline handlers or style attributes to object to).

type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Attributes, ...children: Child[]): HTMLElementTagNameMap[K];
export function el(tag: string, attributes?: Attributes, ...children: Child[]): HTMLElement;
export function el(tag: string, attributes: Attributes = {}, ...children: Child[]): HTMLElement {
    const node = document.createElement(tag);
    setAttributes(node, attributes);
    append(node, children);
    return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): SVGElementTagNameMap[K] {
    const node = document.createElementNS(SVG_NS, tag);
    setAttributes(node, attributes);
    append(node, children);
    return node;
}

function setAttributes(node: Element, attributes: Attributes): void {
    for (const [name, value] of Object.entries(attributes)) {
        if (value === undefined || value === false) continue;
        node.setAttribute(name, value === true ? '' : String(value));
    }
}

function append(node: Node, children: Child[]): void {
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
}

/** A `vscode-single-select` with its options; `onChange` gets the chosen value. */
export function select(label: string, options: ReadonlyArray<{ value: string; label: string }>, value: string, onChange: (value: string) => void, className?: string): HTMLElement {
    const control = el('vscode-single-select', { 'aria-label': label, class: className });
    for (const option of options) {
        control.appendChild(el('vscode-option', { value: option.value, selected: option.value === value }, option.label));
    }
    control.addEventListener('change', () => onChange((control as HTMLElement & { value: string }).value));
    return el('label', { class: 'control' }, el('span', { class: 'control-label' }, label), control);
}

/** A `vscode-button`. */
export function button(label: string, onClick: () => void, className?: string): HTMLElement {
    const b = el('vscode-button', { secondary: true, class: className ?? 'export-button', 'data-action': label }, label);
    b.addEventListener('click', onClick);
    return b;
}

export function formatNumber(x: number, digits = 3): string {
    if (!Number.isFinite(x)) return String(x);
    return x.toFixed(digits);
}
