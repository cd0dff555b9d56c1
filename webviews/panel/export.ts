// Text formats the panels export: CSV (metrics), the TensorBoard projector's TSV pair (embeddings) and Newick
// (dendrograms, as the runtime's `*.nwk` files: leaves named by index, branch length = parent − child height).
import type { TreeNode } from '../../server/protocol.js';

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF between records. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
    const field = (v: string | number) => {
        const s = String(v);
        return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    return rows.map(r => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** The projector's `vectors.tsv`: one row per point, values tab-separated, no header. */
export function vectorsTsv(vectors: ArrayLike<number>, dim: number): string {
    const lines: string[] = [];
    for (let i = 0; i + dim <= vectors.length; i += dim) {
        const row: number[] = [];
        for (let d = 0; d < dim; d++) row.push(vectors[i + d]!);
        lines.push(row.join('\t'));
    }
    return lines.join('\n') + '\n';
}

/** The projector's `metadata.tsv`: a header (more than one column), then one row per point. */
export function metadataTsv(labels: ArrayLike<number>, classes?: readonly string[], extra?: { name: string; values: ArrayLike<number> }): string {
    const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
    const header = ['index', 'label', ...(extra ? [extra.name] : [])];
    const lines = [header.join('\t')];
    for (let i = 0; i < labels.length; i++) {
        const label = labels[i]!;
        const row = [String(i), clean(classes?.[label] ?? String(label))];
        if (extra) row.push(String(extra.values[i]));
        lines.push(row.join('\t'));
    }
    return lines.join('\n') + '\n';
}

/** Newick text of a dendrogram, iterative (single-linkage trees can be thousands of levels deep). */
export function toNewick(root: TreeNode): string {
    if (!root.children || root.children.length === 0) return `${root.id};`;
    const done = new Map<TreeNode, string>();
    const stack: TreeNode[] = [root];
    while (stack.length > 0) {
        const node = stack[stack.length - 1]!;
        const children = node.children ?? [];
        const pending = children.filter(c => !done.has(c));
        if (pending.length > 0) {
            // Push in reverse so the first child is finished first (order does not matter for the result).
            for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]!);
            continue;
        }
        stack.pop();
        if (children.length === 0) {
            done.set(node, String(node.id));
            continue;
        }
        done.set(node, `(${children.map(c => `${done.get(c)}:${String(node.height - c.height)}`).join(',')})`);
        for (const c of children) done.delete(c);
    }
    return `${done.get(root)};`;
}

/** The base64 payload of a `data:` URL (ECharts' getDataURL). */
export function dataUrlPayload(url: string): string {
    const comma = url.indexOf(',');
    return comma >= 0 ? url.slice(comma + 1) : url;
}

/** A safe file-name part from a run id, method or data name. */
export function fileStem(...parts: string[]): string {
    return parts.filter(Boolean).join('-').replace(/[^\w.-]+/g, '_');
}
