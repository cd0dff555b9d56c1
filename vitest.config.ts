import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        testTimeout: 30_000,
        pool: 'forks',
        // The JSON report lets `.ci/run` print its one-line summary.
        reporters: ['default', 'json'],
        outputFile: { json: 'test-results/vitest.json' },
    },
});
