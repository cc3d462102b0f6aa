// A workspace whose record of itself (meta.workspace_id) was removed by hand: every command used to
// die opening it (an uncaught SqliteError from completing an identity that already half exists, exit
// 1, which scripts read as "chain broken"). Now it opens, no new identity papers over the trail, and
// `audit verify` / `workspace verify` name the removal (issue 23).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../integration/helpers/temp';

const CLI = join(process.cwd(), 'src/cli/quayside.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });

describe('a workspace whose id was removed', () => {
  it('opens without a crash, keeps no new identity, and verify names the removal (exit 1)', () => {
    const dir = join(tempDir(), 'ws');
    expect(run(['workspace', 'init', dir]).status).toBe(0);
    const db = new BetterSqlite3(join(dir, 'quayside.db'));
    db.prepare("DELETE FROM meta WHERE key = 'workspace_id'").run();
    db.close();

    const audit = run(['-w', dir, 'audit', 'verify']);
    expect(audit.stderr).not.toMatch(/SqliteError|\n\s+at /);
    expect(audit.stdout).toContain("The workspace's id (meta.workspace_id) was removed, though the trail has 1 entries");
    expect(audit.status).toBe(1);

    const workspace = run(['-w', dir, 'workspace', 'verify']);
    expect(workspace.stdout).toMatch(/audit entry \d+: missing: The workspace's id \(meta.workspace_id\) was removed/);
    expect(workspace.status).toBe(1);

    // Opening it did not make up a new identity (or a second workspace.created entry).
    const after = new BetterSqlite3(join(dir, 'quayside.db'), { readonly: true });
    expect(after.prepare("SELECT count(*) FROM meta WHERE key = 'workspace_id'").pluck().get()).toBe(0);
    expect(after.prepare("SELECT count(*) FROM audit WHERE action = 'workspace.created'").pluck().get()).toBe(1);
    after.close();
  });
});
