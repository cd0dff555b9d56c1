// `expspec backends [--json]`: every compute backend in the order `auto` tries them, whether it is available here
// and why not, the device it would run on, the package versions, and which one `auto` takes.
import { prependBackendSearchRoots } from '../../runtime/backend/packages.js';
import type { BackendProbe } from '../../runtime/backend/select.js';

export const BACKENDS_USAGE = 'expspec backends [--json]';

export async function backendsCommand(argv: readonly string[]): Promise<number> {
    const json = argv.includes('--json');
    const unknown = argv.filter(a => a !== '--json');
    if (unknown.length > 0) {
        console.error(`expspec backends: unexpected \`${unknown[0]}\`\nusage: ${BACKENDS_USAGE}`);
        return 2;
    }
    // As `expspec run` does: native backends in the current folder's node_modules count too.
    prependBackendSearchRoots([process.cwd()]);
    // TensorFlow.js is loaded only now (and every backend tried): the other commands never pay for it.
    const { probeBackends } = await import('../../runtime/backend/select.js');
    const probes = await probeBackends();
    if (json) {
        console.log(JSON.stringify(probes));
        return 0;
    }
    console.log(formatProbes(probes));
    return 0;
}

export function formatProbes(probes: readonly BackendProbe[]): string {
    const rows = probes.map(p => [
        `${p.auto ? '*' : ' '} ${p.name}`,
        p.available ? 'available' : 'no',
        p.device ?? '',
        p.reason ?? Object.entries(p.versions).map(([k, v]) => `${k} ${v}`).join(', '),
    ]);
    const widths = [0, 1, 2].map(c => Math.max(...rows.map(r => r[c]!.length)));
    const lines = rows.map(r => r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join('  ').trimEnd());
    const auto = probes.find(p => p.auto);
    return [...lines, '', auto ? `* auto runs on ${auto.name} (${auto.device})` : 'no backend is available'].join('\n');
}
