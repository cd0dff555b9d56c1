// Reads CSV headers (first line only) for column completion and validation. Paths are resolved
// against the spec's folder and must stay inside the workspace: a spec reads only workspace files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'langium';
import { readCsvHeader } from '../../runtime/io/csv.js';

export type PathCheck =
    | { readonly ok: true; readonly file: string }
    | { readonly ok: false; readonly reason: string };

export class WorkspaceFiles {
    private readonly headers = new Map<string, { stamp: string; columns: readonly string[] | undefined }>();
    /** Folders a spec may read from; empty means "the spec's own folder and below". */
    roots: string[] = [];

    /** Resolves a path written in a spec, refusing absolute paths and paths outside the workspace. */
    resolve(specUri: URI, written: string): PathCheck {
        if (/^[a-z][a-z0-9+.-]*:/i.test(written) && !/^[a-z]:[\\/]/i.test(written)) {
            return { ok: false, reason: `\`${written}\` is a URL: a spec reads only files inside the workspace` };
        }
        if (path.isAbsolute(written)) {
            return { ok: false, reason: `\`${written}\` is absolute: write it relative to the spec's folder, inside the workspace` };
        }
        const specDir = path.dirname(specUri.fsPath);
        const file = path.resolve(specDir, written);
        const roots = this.roots.length ? this.roots : [specDir];
        if (!roots.some(root => isInside(file, root))) {
            return { ok: false, reason: `\`${written}\` is outside the workspace: a spec reads only workspace files` };
        }
        return { ok: true, file };
    }

    exists(file: string): boolean {
        try {
            const stat = fs.statSync(file);
            return stat.isFile() || stat.isDirectory();
        } catch {
            return false;
        }
    }

    /**
     * The header of a CSV file, cached until the file changes (its modification time or size, or a
     * change the editor reports through `forget`); undefined when unreadable.
     */
    columns(file: string): readonly string[] | undefined {
        let stat: fs.Stats;
        try { stat = fs.statSync(file); } catch { return undefined; }
        const stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
        const cached = this.headers.get(file);
        if (cached && cached.stamp === stamp) return cached.columns;
        const columns = readHeader(file);
        this.headers.set(file, { stamp, columns });
        return columns;
    }

    /** Drops cached headers of files that changed (two writes within one clock tick share a time). */
    forget(files: Iterable<string>): void {
        for (const file of files) this.headers.delete(file);
    }
}

function isInside(file: string, root: string): boolean {
    const relative = path.relative(root, file);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The header as the runtime's CSV reader parses it (quoted names, BOM, gzip); undefined when unreadable. */
function readHeader(file: string): readonly string[] | undefined {
    try {
        return readCsvHeader(file);
    } catch {
        return undefined;   // a missing or malformed file is reported by the validator on the path itself
    }
}
