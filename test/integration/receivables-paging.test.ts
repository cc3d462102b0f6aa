// The receivables list in pages (the grid reads 5,000 at a time so that no answer is parsed in one
// long task on the window's thread): pages follow the list's order without gaps or repeats, even
// where many receivables share a creation time, and carry the same counts as one long list.
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { initWorkspace } from '../../src/backend/workspace';
import { LIST_PAGE, listAllReceivables } from '../../src/renderer/features/receivables/use-receivables';
import { generatePortfolio, writePortfolio } from '../bench/checks-data';
import { PASS, value } from './helpers/checks-fixtures';
import { tempDir } from './helpers/temp';

async function portfolio(n: number) {
  const created = initWorkspace(`${tempDir()}/ws`);
  if (!created.ok) throw new Error(created.error.message);
  const backend = createBackend(created.value, 'cli', { startIntake: false });
  const api = inProcessClient(backend);
  const me = value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: PASS }));
  // Every generated receivable has the same creation time: the order falls back on the id.
  writePortfolio(created.value.db, generatePortfolio(n), me.id);
  return { ws: created.value, backend, api };
}

describe('receivables in pages', () => {
  it('pages through the list in its order, without gaps or repeats, with status filters and counts', async () => {
    const { backend, api } = await portfolio(40);
    // Some findings, so that the counts have something to agree on.
    value(await api.checks.run({ asOf: '2026-11-01' }));
    const whole = value(await api.receivables.list({}));
    expect(whole).toHaveLength(40);
    const paged = [];
    let after: { createdAt: string; id: string } | undefined;
    for (let pages = 0; pages < 20; pages += 1) {
      const page = value(await api.receivables.list(after ? { limit: 7, after } : { limit: 7 }));
      paged.push(...page);
      if (page.length < 7) break;
      after = { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id };
    }
    expect(paged).toEqual(whole);
    const status = whole.find((r) => r.status !== whole[0]!.status)?.status ?? whole[0]!.status;
    const first = value(await api.receivables.list({ status, limit: 3 }));
    expect(first).toEqual(whole.filter((r) => r.status === status).slice(0, 3));
    // A page of nothing is refused by the contract, with the field named.
    const refused = await api.receivables.list({ limit: 0 });
    expect(refused.ok).toBe(false);
    await backend.close();
  });

  it('the grid reads every receivable page by page and gets what one long list gives', async () => {
    const { backend, api } = await portfolio(LIST_PAGE * 2 + 17);
    const all = await listAllReceivables(api, () => true);
    expect(all?.ok).toBe(true);
    const whole = value(await api.receivables.list({}));
    expect(all?.ok && all.value.map((r) => r.id)).toEqual(whole.map((r) => r.id));
    // A reader that is no longer shown stops after the page in flight.
    expect(await listAllReceivables(api, () => false)).toBeNull();
    await backend.close();
  });
});
