// `npm start`: builds what is missing or older than its sources, then runs the built server.
// Plain JavaScript on purpose: it must run before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function newest(paths) {
  let latest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else if (stat.mtimeMs > latest) latest = stat.mtimeMs;
  };
  paths.forEach((p) => visit(join(root, p)));
  return latest;
}

function stale(output, sources) {
  const target = join(root, output);
  return !existsSync(target) || statSync(target).mtimeMs < newest(sources);
}

function run(label, command, args) {
  process.stdout.write(`[build] ${label}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.stderr.write(`[build] ${label} failed\n`);
    process.exit(result.status ?? 1);
  }
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

// `npm run import|backup|restore|search:rebuild -- …` come through here too, needing only the server build;
// `--build-server` only brings the server build up to date (tests that start the real process).
const TOOLS = {
  '--import': 'dist/server/import.js',
  '--backup': 'dist/server/backup.js',
  '--restore': 'dist/server/restore.js',
  '--reindex': 'dist/server/reindex.js',
  '--digests': 'dist/server/digests.js',
  '--db-copy': 'dist/server/db-copy.js',
};
const mode = process.argv[2];
const tool = TOOLS[mode];
const serverOnly = tool !== undefined || mode === '--build-server';
const entry = tool ?? 'dist/server/main.js';

/**
 * One build at a time: several `npm start`s, tools or test files starting together would
 * otherwise compile over each other and run half-written files. The lock is a folder holding
 * the builder's pid; a lock whose builder is gone is taken over.
 */
function withBuildLock(build) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const lock = join(root, 'dist', '.build-lock');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      let holder = 0;
      try {
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // being created or removed right now
      }
      let alive = true;
      try {
        if (holder) process.kill(holder, 0);
      } catch (error) {
        alive = error.code === 'EPERM';
      }
      if (!alive || waited > 600_000) rmSync(lock, { recursive: true, force: true });
      else {
        if (waited === 0) process.stdout.write('[build] waiting for another build to finish\n');
        Atomics.wait(pause, 0, 0, 200);
      }
    }
  }
  try {
    build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const clientSources = ['client', 'shared', 'vite.config.ts'];
const clientStale = () =>
  !serverOnly && (stale('dist/client/index.html', clientSources) || stale('dist/ssr/entry-server.js', clientSources));
const serverStale = () => stale(entry, ['server', 'db', 'shared', 'tsconfig.json', 'tsconfig.server.json']);
if (clientStale() || serverStale()) {
  withBuildLock(() => {
    // Checked again: the build waited for may have been this very one.
    if (clientStale()) {
      run('client (vite build)', bin('vite'), ['build', '--logLevel', 'warn']);
      run('page renderer (vite build --ssr)', bin('vite'), ['build', '--ssr', 'src/entry-server.ts', '--logLevel', 'warn']);
    }
    if (serverStale()) run('server (tsc)', bin('tsc'), ['-p', 'tsconfig.server.json']);
  });
}

if (mode === '--build-server') {
  // built (or already current): nothing to run
} else if (tool) {
  const { main } = await import(pathToFileURL(join(root, entry)).href);
  process.exitCode = await main(process.argv.slice(3));
} else {
  await import(pathToFileURL(join(root, entry)).href);
}
