/**
 * The cross-check engine. It keeps the facts of every receivable, the group memberships of the
 * cross-receivable rules and the findings of the last evaluation, so that after an edit only the
 * receivable and the groups it was or is in are evaluated again. No I/O: the caller supplies the
 * hash function and persists what `evaluateAll` / `update` return.
 */
import type { RuleCategory, Severity } from '../../shared/checks';
import type { CheckContext, DocumentFacts, FindingDraft, GroupRule, ReceivableFacts, ReceivableRule, Rule } from './types';

/** A finding as the engine returns it: the draft plus the rule's identity. */
export type RuleFinding = FindingDraft & {
  readonly ruleId: string;
  readonly title: string;
  readonly category: RuleCategory;
  readonly reference: string | null;
  readonly severity: Severity;
};

/** The findings and inputs hash of one receivable after evaluation. */
export type ReceivableOutcome = {
  readonly receivableId: string;
  readonly inputsHash: string;
  readonly findings: readonly RuleFinding[];
};

export type CheckState = {
  readonly rules: readonly Rule[];
  ctx: CheckContext;
  readonly hash: (text: string) => string;
  readonly facts: Map<string, ReceivableFacts>;
  /** The receivable-scope and group-scope rules, split once. */
  readonly own: readonly ReceivableRule[];
  readonly grouped: readonly GroupRule[];
  /** Per group rule (same index as `grouped`): group key → member id, or ids when more than one. */
  readonly groups: Map<string, string | string[]>[];
  /** Receivable id → its group keys, per group rule (same index as `grouped`). */
  readonly memberships: Map<string, (readonly string[])[]>;
  /** Per group rule: group key → the findings of that group (only groups that have any). */
  readonly groupFindings: Map<string, readonly RuleFinding[]>[];
  /** Receivable id → findings of the receivable-scope rules (only receivables that have any). */
  readonly ownFindings: Map<string, readonly RuleFinding[]>;
};

const stamp = (rule: Rule, draft: FindingDraft): RuleFinding => ({
  receivableId: draft.receivableId,
  key: draft.key,
  message: draft.message,
  evidence: draft.evidence,
  ruleId: rule.id,
  title: rule.title,
  category: rule.category,
  reference: rule.reference,
  severity: draft.severity ?? rule.severity,
});

/** An empty engine over a rule set and context. */
export function createCheckState(rules: readonly Rule[], ctx: CheckContext, hash: (text: string) => string): CheckState {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new Error(`Two rules share the id ${rule.id}`);
    ids.add(rule.id);
  }
  const grouped = rules.filter((rule): rule is GroupRule => rule.scope === 'group');
  return {
    rules,
    ctx,
    hash,
    facts: new Map(),
    own: rules.filter((rule): rule is ReceivableRule => rule.scope === 'receivable'),
    grouped,
    groups: grouped.map(() => new Map()),
    memberships: new Map(),
    groupFindings: grouped.map(() => new Map()),
    ownFindings: new Map(),
  };
}

const NO_KEYS: readonly string[] = [];

// Most group keys (invoice numbers, file hashes) are unique, so a group of one is stored as the bare
// id: a Set or array per receivable per rule would dominate memory and time at 100k receivables.
const addMember = (groups: Map<string, string | string[]>, key: string, id: string): void => {
  const members = groups.get(key);
  if (members === undefined) groups.set(key, id);
  else if (typeof members === 'string') {
    if (members !== id) groups.set(key, [members, id]);
  } else if (!members.includes(id)) members.push(id);
};

const removeMember = (groups: Map<string, string | string[]>, key: string, id: string): boolean => {
  const members = groups.get(key);
  if (members === undefined) return false;
  if (typeof members === 'string') {
    if (members === id) groups.delete(key);
  } else {
    const at = members.indexOf(id);
    if (at >= 0) members.splice(at, 1);
    if (members.length === 1) groups.set(key, members[0]!);
  }
  return groups.has(key);
};

const join = (state: CheckState, facts: ReceivableFacts): (readonly string[])[] => {
  const keysByRule: (readonly string[])[] = [];
  for (let i = 0; i < state.grouped.length; i += 1) {
    const raw = state.grouped[i]!.groupKeys(facts, state.ctx);
    const keys = raw.length === 0 ? NO_KEYS : raw.length === 1 ? raw : [...new Set(raw)];
    for (const key of keys) addMember(state.groups[i]!, key, facts.id);
    keysByRule.push(keys);
  }
  state.memberships.set(facts.id, keysByRule);
  return keysByRule;
};

const leave = (state: CheckState, id: string): (readonly string[])[] => {
  const keysByRule = state.memberships.get(id);
  if (!keysByRule) return [];
  keysByRule.forEach((keys, i) => {
    for (const key of keys) {
      if (!removeMember(state.groups[i]!, key, id)) state.groupFindings[i]!.delete(key);
    }
  });
  state.memberships.delete(id);
  return keysByRule;
};

const evaluateGroup = (state: CheckState, i: number, key: string): void => {
  const rule = state.grouped[i]!;
  const found = state.groupFindings[i]!;
  const ids = state.groups[i]!.get(key);
  const size = ids === undefined ? 0 : typeof ids === 'string' ? 1 : ids.length;
  if (size === 0 || size < (rule.minMembers ?? 1)) {
    found.delete(key);
    return;
  }
  const members = typeof ids === 'string' ? [state.facts.get(ids)!] : ids!.map((id) => state.facts.get(id)!);
  const drafts = rule.checkGroup(key, members, state.ctx);
  if (drafts.length === 0) found.delete(key);
  else found.set(key, drafts.map((draft) => stamp(rule, draft)));
};

const evaluateOwn = (state: CheckState, facts: ReceivableFacts): void => {
  let found: RuleFinding[] | null = null;
  for (const rule of state.own) {
    const drafts = rule.check(facts, state.ctx);
    for (let j = 0; j < drafts.length; j += 1) (found ??= []).push(stamp(rule, drafts[j]!));
  }
  if (found) state.ownFindings.set(facts.id, found);
  else state.ownFindings.delete(facts.id);
};

// Evidence positions (page, box) say where to look, not what was decided, so they are left out of
// the inputs hash; values, confidence and confirmation are in. Documents are shared between
// receivables (a B/L cited twice), so each document's part is built once.
const documentDigests = new WeakMap<DocumentFacts, string>();
const documentDigest = (doc: DocumentFacts): string => {
  let digest = documentDigests.get(doc);
  if (digest === undefined) {
    const fields: unknown[] = [];
    for (const name of Object.keys(doc.fields).sort()) {
      const field = doc.fields[name as keyof typeof doc.fields]!;
      fields.push(name, field.value, field.confidence, field.confirmed);
    }
    digest = JSON.stringify([doc.documentId, doc.sha256, doc.kind, fields, doc.signals.proForma !== null, doc.signals.clauses.length]);
    documentDigests.set(doc, digest);
  }
  return digest;
};

/** The inputs a receivable's result depends on, hashed: policy version, its facts and its counterparties. */
const inputsHashOf = (state: CheckState, facts: ReceivableFacts): string => {
  const supplier = facts.supplierId ? state.ctx.suppliers.get(facts.supplierId) : undefined;
  const buyer = facts.buyerId ? state.ctx.buyers.get(facts.buyerId) : undefined;
  let text = `${state.ctx.policyVersion}|${state.ctx.asOf}|${facts.id}|${facts.supplierId ?? ''}@${supplier?.updatedAt ?? ''}|${facts.buyerId ?? ''}@${buyer?.updatedAt ?? ''}|${facts.advanceAmount ?? ''}|${facts.initialMarginPct ?? ''}|${facts.fundingDate ?? ''}|${facts.fingerprint ?? ''}|${documentDigest(facts.invoice)}`;
  for (const bl of facts.bls) text += `|${documentDigest(bl)}`;
  return state.hash(text);
};

/** The current findings of one receivable, gathered from its own and its groups' results. */
export function outcomeOf(state: CheckState, id: string): ReceivableOutcome {
  const facts = state.facts.get(id);
  if (!facts) return { receivableId: id, inputsHash: '', findings: [] };
  const own = state.ownFindings.get(id);
  let findings: RuleFinding[] | null = null;
  let seen: Set<string> | null = null;
  const keysByRule = state.memberships.get(id) ?? [];
  for (let i = 0; i < keysByRule.length; i += 1) {
    const byKey = state.groupFindings[i]!;
    if (byKey.size === 0) continue;
    for (const key of keysByRule[i]!) {
      const drafts = byKey.get(key);
      if (!drafts) continue;
      for (const finding of drafts) {
        if (finding.receivableId !== id) continue;
        // A receivable in two groups of one rule may be named by both; report it once.
        const identity = `${finding.ruleId}\u0000${finding.key}`;
        seen ??= new Set();
        if (seen.has(identity)) continue;
        seen.add(identity);
        (findings ??= own ? [...own] : []).push(finding);
      }
    }
  }
  return { receivableId: id, inputsHash: inputsHashOf(state, facts), findings: findings ?? own ?? [] };
}

/** Loads every receivable and evaluates all rules from scratch (a new context or policy). */
export function evaluateAll(state: CheckState, receivables: Iterable<ReceivableFacts>, ctx: CheckContext = state.ctx): ReceivableOutcome[] {
  state.ctx = ctx;
  state.facts.clear();
  state.ownFindings.clear();
  state.memberships.clear();
  for (const map of state.groups) map.clear();
  for (const map of state.groupFindings) map.clear();
  for (const facts of receivables) state.facts.set(facts.id, facts);
  for (const facts of state.facts.values()) {
    evaluateOwn(state, facts);
    join(state, facts);
  }
  for (let i = 0; i < state.grouped.length; i += 1) {
    const rule = state.grouped[i]!;
    for (const [key, members] of state.groups[i]!) {
      // Skipping here, not in evaluateGroup, saves a lookup for each of the many unique keys.
      if ((rule.minMembers ?? 1) > 1 && typeof members === 'string') continue;
      evaluateGroup(state, i, key);
    }
  }
  const outcomes: ReceivableOutcome[] = [];
  for (const id of state.facts.keys()) outcomes.push(outcomeOf(state, id));
  return outcomes;
}

/**
 * Applies changed and removed receivables and re-evaluates only what they touch: their own rules,
 * and every group they left or joined. Returns the outcome of every receivable whose findings may
 * have changed (removed ones come back with no findings).
 */
export function update(
  state: CheckState,
  change: { readonly upsert?: readonly ReceivableFacts[]; readonly remove?: readonly string[] },
): ReceivableOutcome[] {
  const touched = new Set<string>();
  const dirty = state.grouped.map(() => new Set<string>());
  const markGroups = (keysByRule: readonly (readonly string[])[]): void => {
    keysByRule.forEach((keys, i) => {
      for (const key of keys) dirty[i]!.add(key);
    });
  };
  for (const id of change.remove ?? []) {
    if (!state.facts.has(id)) continue;
    markGroups(leave(state, id));
    state.facts.delete(id);
    state.ownFindings.delete(id);
    touched.add(id);
  }
  for (const facts of change.upsert ?? []) {
    markGroups(leave(state, facts.id));
    state.facts.set(facts.id, facts);
    evaluateOwn(state, facts);
    markGroups(join(state, facts));
    touched.add(facts.id);
  }
  dirty.forEach((keys, i) => {
    for (const key of keys) {
      const members = state.groups[i]!.get(key);
      if (members === undefined) {
        state.groupFindings[i]!.delete(key);
        continue;
      }
      if (typeof members === 'string') touched.add(members);
      else for (const id of members) touched.add(id);
      evaluateGroup(state, i, key);
    }
  });
  return [...touched].map((id) => outcomeOf(state, id));
}
