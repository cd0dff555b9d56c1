// Types for bench/activation.ts (activation.mjs is plain JavaScript).
export interface ActivationSamples {
    /** The client's "activated in N ms" (activate() up to starting the language client). */
    activate: number[];
    /** The client's "language server ready in N ms" (from the start of activate()). */
    serverReady: number[];
    /** In the page: from a spec's editor showing to its first error squiggle. */
    firstDiagnostic: number[];
    notes: string[];
}
export function measureActivation(options?: { samples?: number; log?: (line: string) => void }): Promise<ActivationSamples>;
