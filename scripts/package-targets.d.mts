// Types of package-targets.mjs for the TypeScript tests that import it.
export declare const DAWN_FOLDERS: Readonly<Record<string, string>>;
export declare function ignoreFileFor(target: string): string;
