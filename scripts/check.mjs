// `npm run check`: the type checks, side by side (one after the other they took 122 s of CI's 25
// minutes; together 58 s).
// - svelte-check over tsconfig.json: the client's .svelte files and every .ts file that
//   `tsc --noEmit -p tsconfig.json` would check, with the same compiler options and the same
//   errors (an unused local, a wrong type in server/ or tests/ are reported as errors too), so
//   tsc does not check them again beside it;
// - tsc --listFilesOnly: the errors of the configuration itself (a module option that does not go
//   with moduleResolution, an option a TypeScript upgrade removed), which svelte-check reports as
//   warnings only; it reads the project without checking it (12 s);
// - scripts/check-async.ts: floating promises, synchronous SQLite calls, async callbacks given to
//   array methods that do not wait.
// Each one's output is printed whole when it ends; the exit status is the first failure's.
import { spawn } from 'node:child_process';

const checks = [
  ['svelte-check (types of .ts and .svelte)', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human']],
  ['async check', 'npx', ['tsx', 'scripts/check-async.ts']],
  ['tsc options', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit', '--listFilesOnly']],
];

const results = await Promise.all(
  checks.map(
    ([label, command, args]) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        // --listFilesOnly prints every file of the project: only its errors are worth showing.
        const keep = label === 'tsc options' ? (text) => text.split('\n').filter((line) => line && !line.startsWith('/')).join('\n') : (text) => text;
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('error', (error) => resolve({ label, code: 1, output: String(error), seconds: 0 }));
        child.on('close', (code) => resolve({ label, code: code ?? 1, output: keep(output), seconds: (Date.now() - started) / 1000 }));
      }).then((result) => {
        const output = result.output && !result.output.endsWith('\n') ? `${result.output}\n` : result.output;
        process.stdout.write(`[check] ${result.label}: ${result.code === 0 ? 'ok' : 'failed'} in ${result.seconds.toFixed(0)} s\n${output}`);
        return result;
      }),
  ),
);
process.exit(results.find((r) => r.code !== 0)?.code ?? 0);
