// `npm test`: the type checks, every test on SQLite (unit, integration, realtime, browser,
// benchmarks at smoke size), then — when MINGA_TEST_PG_URL names a PostgreSQL server, as
// `.ci/run` sets it — the integration and realtime suites again on PostgreSQL (`npm run test:pg`).
// Each step runs even when one before it failed, so one run reports everything; the exit status
// is the first failure's. Extra arguments go to vitest (both runs).
import { spawnSync } from 'node:child_process';

const extra = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const steps = [
  ['type checks', npm, ['run', 'check']],
  ['tests on SQLite', 'npx', ['vitest', 'run', ...extra]],
];
if (process.env.MINGA_TEST_PG_URL) steps.push(['integration and realtime on PostgreSQL', npm, ['run', 'test:pg', '--', ...extra]]);
else console.log('[test] PostgreSQL run skipped: MINGA_TEST_PG_URL is not set (npm run test:pg starts a server of its own)');

let status = 0;
for (const [label, command, args] of steps) {
  console.log(`[test] ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const code = result.status ?? 1;
  if (code !== 0 && status === 0) status = code;
}
process.exit(status);
