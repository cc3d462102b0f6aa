import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InboxSetting } from '../../shared/documents';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { appendAudit } from '../audit/audit-log';
import { getProfile } from '../profiles/profiles-repo';
import { requireRole } from '../services/session';
import { ingestAs, MAX_FILE_BYTES } from './intake-service';
import { readRegularFile } from './regular-file';
import type { IntakeContext } from './intake-service';

const KEY = 'intake_inbox';
// XML files are taken too: intake keeps only those that are e-invoices (UBL, CII).
const SUPPORTED = /\.(pdf|png|jpe?g|tiff?|xml)$/i;

type Stored = { readonly dir: string; readonly by: string; readonly since: string };

const readStored = (ctx: IntakeContext): Stored | null => {
  const row = ctx.ws.db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as Stored) : null;
};

/** The watched inbox folder, if one is set. */
export function getInbox(ctx: IntakeContext): Result<InboxSetting> {
  const person = requireRole(ctx.session, ['field_verifier', 'analyst', 'risk_officer', 'committee_member'], 'see settings');
  if (!person.ok) return person;
  const stored = readStored(ctx);
  const rejected = recentRejects(ctx);
  return ok(stored ? { dir: stored.dir, byName: getProfile(ctx.ws.db, stored.by)?.name ?? stored.by, since: stored.since, rejected } : { dir: null, byName: null, since: null, rejected });
}

const REJECTED = 'intake.inbox_rejected';

/** The inbox's last 20 refusals, from the audit trail (where each one is recorded). */
function recentRejects(ctx: IntakeContext): InboxSetting['rejected'] {
  const rows = ctx.ws.db.prepare('SELECT at, details FROM audit WHERE action = ? ORDER BY seq DESC LIMIT 20').all(REJECTED) as { at: string; details: string }[];
  return rows.flatMap((row) => {
    try {
      const d = JSON.parse(row.details) as { fileName?: unknown; code?: unknown; message?: unknown };
      return [{ fileName: String(d.fileName ?? ''), code: String(d.code ?? ''), message: String(d.message ?? ''), at: row.at }];
    } catch {
      return [];
    }
  });
}

/** Records a file the inbox did not add: an audit entry on the setter's behalf and an event for open screens. */
function reportReject(ctx: IntakeContext, by: string, reject: { fileName: string; code: string; message: string }): void {
  ctx.ws.db.transaction(() => appendAudit(ctx.ws.db, { at: ctx.ws.clock().toISOString(), actor: by, action: REJECTED, entity: 'workspace', entityId: 'inbox', details: { ...reject } })).immediate();
  ctx.bus.emit('inbox.rejected', reject);
}

/**
 * Sets (or with null stops) the inbox: files that appear in the folder are added as documents on
 * behalf of the person who set it, who must be allowed to add documents.
 */
export function setInbox(ctx: IntakeContext, dir: string | null, watcher: InboxWatcher | undefined): Result<InboxSetting> {
  const person = requireRole(ctx.session, ['analyst', 'risk_officer'], 'set the inbox folder');
  if (!person.ok) return person;
  let target: string | null = null;
  if (dir !== null) {
    target = resolve(dir);
    try {
      if (!statSync(target).isDirectory()) return err('INPUT.INVALID', `${target} is a file. Choose a folder.`);
      readdirSync(target);
    } catch {
      return err('INPUT.INVALID', `Quayside cannot read the folder ${target}. Check that it exists and that you may open it.`);
    }
    if (target === ctx.ws.dir || target.startsWith(`${ctx.ws.dir}/`)) {
      return err('INPUT.INVALID', 'The inbox cannot be inside the workspace folder. Choose another folder.');
    }
  }
  const at = ctx.ws.clock().toISOString();
  ctx.ws.db
    .transaction(() => {
      if (target === null) ctx.ws.db.prepare('DELETE FROM meta WHERE key = ?').run(KEY);
      else
        ctx.ws.db
          .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
          .run(KEY, JSON.stringify({ dir: target, by: person.value.profile.id, since: at } satisfies Stored));
      appendAudit(ctx.ws.db, {
        at,
        actor: person.value.profile.id,
        action: target === null ? 'intake.inbox_cleared' : 'intake.inbox_set',
        entity: 'workspace',
        entityId: 'inbox',
        details: { dir: target },
      });
    })
    .immediate();
  watcher?.refresh();
  return getInbox(ctx);
}

export type InboxWatcher = {
  /** Re-reads the setting (after it changed) and scans at once. */
  readonly refresh: () => void;
  /** One scan; the timer calls it, and tests call it directly. */
  readonly scan: () => void;
  readonly stop: () => void;
};

/**
 * Polls the inbox folder. A file is added once its size and time stop changing between two scans
 * (so a copy in progress is not read half-written); the same bytes again become no new document.
 */
export function createInboxWatcher(ctx: IntakeContext, intervalMs = 2000): InboxWatcher {
  const seen = new Map<string, string>();
  const pending = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;

  const scan = (): void => {
    const stored = readStored(ctx);
    if (!stored) return;
    let names: string[];
    try {
      names = readdirSync(stored.dir).filter((name) => SUPPORTED.test(name));
    } catch {
      return; // The folder went away (an unplugged drive): try again next time.
    }
    const ready: { name: string; data: string }[] = [];
    for (const name of names) {
      const path = join(stored.dir, name);
      let stamp: string;
      try {
        const info = statSync(path);
        // Folders are not documents; anything else that is not a regular file is read (and refused) below.
        if (info.isDirectory()) continue;
        stamp = `${info.size}:${info.mtimeMs}`;
      } catch {
        continue;
      }
      if (seen.get(path) === stamp) continue;
      if (pending.get(path) !== stamp) {
        pending.set(path, stamp);
        continue;
      }
      pending.delete(path);
      seen.set(path, stamp);
      // Only regular files, their size checked before a byte is read (a pipe or a device is refused).
      const read = readRegularFile(path, MAX_FILE_BYTES);
      if (read.ok) ready.push({ name, data: read.value.toString('base64') });
      else reportReject(ctx, stored.by, { fileName: name, code: read.error.code, message: read.error.message });
    }
    if (ready.length > 0) {
      const added = ingestAs(ctx, stored.by, ready, 'inbox');
      if (added.ok) for (const r of added.value.rejected) reportReject(ctx, stored.by, r);
    }
  };

  const start = (): void => {
    timer ??= setInterval(scan, intervalMs);
    timer.unref();
  };
  start();
  return {
    refresh: () => {
      seen.clear();
      pending.clear();
      scan();
    },
    scan,
    stop: () => {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
