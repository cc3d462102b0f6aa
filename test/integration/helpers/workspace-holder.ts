// A second process for the workspace-lock tests. Modes:
//   hold <dir>                  open the workspace as its writer, print the lock as JSON, keep it until stdin ends
//   hold-and-exit <dir>         open as writer, print the lock, then exit without closing (the exit hook must release)
//   take <dir> <ms>             try to open as writer; print {ok, code, takenOver}; keep it <ms>, then close
//   sqlite-write <db> [exclusive]  hold a raw SQLite write transaction (no Quayside lock) until stdin ends
//   idle                        print this pid and wait until stdin ends (a live process that owns nothing)
import BetterSqlite3 from 'better-sqlite3';
import { openWorkspace } from '../../../src/backend/workspace';

const [mode, target, extra] = process.argv.slice(2);
const owner = { app: 'Quayside test holder', command: mode ?? 'hold' };
const untilStdinEnds = (): Promise<void> =>
  new Promise((resolve) => {
    process.stdin.resume();
    process.stdin.on('end', resolve);
    process.stdin.on('close', resolve);
  });

if (mode === 'hold' || mode === 'hold-and-exit') {
  const opened = openWorkspace(target!, { owner });
  if (!opened.ok) {
    process.stdout.write(`${JSON.stringify({ ok: false, code: opened.error.code, message: opened.error.message })}\n`);
    process.exit(3);
  }
  process.stdout.write(`${JSON.stringify({ ok: true, lock: opened.value.lock })}\n`);
  if (mode === 'hold-and-exit') process.exit(0);
  await untilStdinEnds();
  opened.value.close();
} else if (mode === 'take') {
  const opened = openWorkspace(target!, { owner });
  if (!opened.ok) {
    process.stdout.write(`${JSON.stringify({ ok: false, code: opened.error.code, message: opened.error.message })}\n`);
  } else {
    const takenOver = opened.value.db.prepare("SELECT count(*) FROM audit WHERE action = 'workspace.lock_taken_over'").pluck().get();
    process.stdout.write(`${JSON.stringify({ ok: true, lock: opened.value.lock, takeoversSeen: takenOver })}\n`);
    await new Promise((resolve) => setTimeout(resolve, Number(extra ?? 300)));
    opened.value.close();
  }
} else if (mode === 'sqlite-write') {
  const db = new BetterSqlite3(target!);
  if (extra === 'exclusive') {
    // Exclusive locking mode: even readers of a WAL database wait for this connection.
    db.pragma('locking_mode = EXCLUSIVE');
  }
  db.exec('BEGIN IMMEDIATE');
  db.prepare("INSERT INTO meta (key, value) VALUES ('held_by_test', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
  process.stdout.write('ready\n');
  await untilStdinEnds();
  db.exec('ROLLBACK');
  db.close();
} else if (mode === 'idle') {
  process.stdout.write(`${process.pid}\n`);
  await untilStdinEnds();
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
