// The `expspec` command line: `check` validates specs, `format` formats them, `run` runs one, `runs` lists runs,
// `backends` says which compute backends this machine has.
import { BACKENDS_USAGE, backendsCommand } from './backends.js';
import { checkFiles, formatDiagnostic } from './check.js';
import { formatCommand } from './format.js';
import { RUN_USAGE, runCommand } from './run.js';
import { RUNS_USAGE, runsCommand } from './runs.js';
import { DiagnosticSeverity } from 'vscode-languageserver-types';

const USAGE = `usage: expspec check <file.expspec>...            validate specs; exit 1 on errors
       expspec format [--check] <file.expspec>...   format specs in place (--check: only report)
       ${RUN_USAGE}
                                                    run a spec; exit 0 done, 1 spec errors, 2 failed, 130 cancelled
       ${RUNS_USAGE}
                                                    list the runs, newest first, with status and headline metric
       ${BACKENDS_USAGE}
                                                    the compute backends: available or why not, device, versions
       expspec help                                 this text`;

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    switch (command) {
        case 'check': return check(rest);
        case 'format': return formatCommand(rest);
        case 'run': return runCommand(rest);
        case 'runs': return runsCommand(rest);
        case 'backends': return backendsCommand(rest);
        case 'help': case '--help': case '-h': case undefined:
            console.log(USAGE);
            return command === undefined ? 2 : 0;
        default:
            console.error(`expspec: unknown command \`${command}\`\n${USAGE}`);
            return 2;
    }
}

async function check(files: string[]): Promise<number> {
    if (files.length === 0) {
        console.error('expspec check: give at least one .expspec file');
        return 2;
    }
    const reports = await checkFiles(files);
    let errors = 0, warnings = 0;
    for (const report of reports) {
        for (const diagnostic of report.diagnostics) {
            console.log(formatDiagnostic(report.file, diagnostic));
            if (diagnostic.severity === DiagnosticSeverity.Error) errors++;
            else if (diagnostic.severity === DiagnosticSeverity.Warning) warnings++;
        }
    }
    const clean = reports.filter(r => r.diagnostics.length === 0).length;
    console.log(`checked ${reports.length} spec(s): ${clean} clean, ${errors} error(s), ${warnings} warning(s)`);
    return errors > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(code => { process.exitCode = code; }, error => {
    console.error(`expspec: ${(error as Error).stack ?? error}`);
    process.exitCode = 2;
});
