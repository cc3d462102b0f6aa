/**
 * The cross-check engine. It keeps the facts of every receivable, the group memberships of the
 * cross-receivable rules and the findings of the last evaluation, so that after an edit only the
 * receivable and the groups it was or is in are evaluated again. No I/O: the caller supplies the
 * hash function and persists what `evaluateAll` / `update` return.
 */
import type { RuleCategory, Severity } from '../../shared/checks';
import type { CheckContext, FindingDraft, GroupRule, ReceivableFacts, ReceivableRule, Rule } from './types';

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
  /** ruleId → group key → member ids. */
  readonly groups: Map<string, Map<string, Set<string>>>;
  /** ruleId → receivable id → its group keys. */
  readonly memberships: Map<string, Map<string, readonly string[]>>;
  /** ruleId → group key → findings of that group. */
  readonly groupFindings: Map<string, Map<string, readonly FindingDraft[]>>;
  /** receivable id → findings of the receivable-scope rules. */
  readonly ownFindings: Map<string, readonly RuleFinding[]>;
};

const stamp = (rule: Rule, draft: FindingDraft): RuleFinding => ({
  ...draft,
  ruleId: rule.id,
  title: rule.title,
  category: rule.category,
  reference: rule.reference,
  severity: draft.severity ?? rule.severity,
});

const groupRules = (rules: readonly Rule[]): GroupRule[] => rules.filter((rule): rule is GroupRule => rule.scope === 'group');
const receivableRules = (rules: readonly Rule[]): ReceivableRule[] =>
  rules.filter((rule): rule is ReceivableRule => rule.scope === 'receivable');

/** An empty engine over a rule set and context. */
export function createCheckState(rules: readonly Rule[], ctx: CheckContext, hash: (text: string) => string): CheckState {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new Error(`Two rules share the id ${rule.id}`);
    ids.add(rule.id);
  }
  return {
    rules,
    ctx,
    hash,
    facts: new Map(),
    groups: new Map(groupRules(rules).map((rule) => [rule.id, new Map()])),
    memberships: new Map(groupRules(rules).map((rule) => [rule.id, new Map()])),
    groupFindings: new Map(groupRules(rules).map((rule) => [rule.id, new Map()])),
    ownFindings: new Map(),
  };
}

const join = (state: CheckState, rule: GroupRule, facts: ReceivableFacts): readonly string[] => {
  const keys = [...new Set(rule.groupKeys(facts, state.ctx))];
  const groups = state.groups.get(rule.id)!;
  for (const key of keys) {
    let members = groups.get(key);
    if (!members) groups.set(key, (members = new Set()));
    members.add(facts.id);
  }
  state.memberships.get(rule.id)!.set(facts.id, keys);
  return keys;
};

const leave = (state: CheckState, rule: GroupRule, id: string): readonly string[] => {
  const keys = state.memberships.get(rule.id)!.get(id) ?? [];
  const groups = state.groups.get(rule.id)!;
  for (const key of keys) {
    const members = groups.get(key);
    members?.delete(id);
    if (members && members.size === 0) {
      groups.delete(key);
      state.groupFindings.get(rule.id)!.delete(key);
    }
  }
  state.memberships.get(rule.id)!.delete(id);
  return keys;
};

const evaluateGroup = (state: CheckState, rule: GroupRule, key: string): void => {
  const ids = state.groups.get(rule.id)!.get(key);
  if (!ids || ids.size === 0) return;
  const members: ReceivableFacts[] = [];
  for (const id of ids) members.push(state.facts.get(id)!);
  state.groupFindings.get(rule.id)!.set(key, rule.checkGroup(key, members, state.ctx));
};

const evaluateOwn = (state: CheckState, facts: ReceivableFacts): void => {
  const found: RuleFinding[] = [];
  for (const rule of receivableRules(state.rules)) {
    for (const draft of rule.check(facts, state.ctx)) found.push(stamp(rule, draft));
  }
  state.ownFindings.set(facts.id, found);
};

/** The inputs a receivable's result depends on, hashed: its facts and its counterparties. */
const inputsHashOf = (state: CheckState, facts: ReceivableFacts): string =>
  state.hash(
    JSON.stringify([
      state.ctx.policyVersion,
      facts,
      facts.supplierId ? (state.ctx.suppliers.get(facts.supplierId) ?? null) : null,
      facts.buyerId ? (state.ctx.buyers.get(facts.buyerId) ?? null) : null,
    ]),
  );

/** The current findings of one receivable, gathered from its own and its groups' results. */
export function outcomeOf(state: CheckState, id: string): ReceivableOutcome {
  const facts = state.facts.get(id);
  if (!facts) return { receivableId: id, inputsHash: '', findings: [] };
  const findings: RuleFinding[] = [...(state.ownFindings.get(id) ?? [])];
  const seen = new Set(findings.map((f) => `${f.ruleId}\u0000${f.key}`));
  for (const rule of groupRules(state.rules)) {
    const byKey = state.groupFindings.get(rule.id)!;
    for (const key of state.memberships.get(rule.id)!.get(id) ?? []) {
      for (const draft of byKey.get(key) ?? []) {
        if (draft.receivableId !== id) continue;
        const finding = stamp(rule, draft);
        const identity = `${finding.ruleId}\u0000${finding.key}`;
        if (seen.has(identity)) continue;
        seen.add(identity);
        findings.push(finding);
      }
    }
  }
  return { receivableId: id, inputsHash: inputsHashOf(state, facts), findings };
}

/** Loads every receivable and evaluates all rules from scratch (a new context or policy). */
export function evaluateAll(state: CheckState, receivables: Iterable<ReceivableFacts>, ctx: CheckContext = state.ctx): ReceivableOutcome[] {
  state.ctx = ctx;
  state.facts.clear();
  state.ownFindings.clear();
  for (const map of [...state.groups.values(), ...state.memberships.values(), ...state.groupFindings.values()]) map.clear();
  for (const facts of receivables) state.facts.set(facts.id, facts);
  for (const facts of state.facts.values()) {
    evaluateOwn(state, facts);
    for (const rule of groupRules(state.rules)) join(state, rule, facts);
  }
  for (const rule of groupRules(state.rules)) {
    for (const key of state.groups.get(rule.id)!.keys()) evaluateGroup(state, rule, key);
  }
  return [...state.facts.keys()].map((id) => outcomeOf(state, id));
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
  const dirty = new Map<string, Set<string>>();
  const markGroups = (rule: GroupRule, keys: readonly string[]): void => {
    let set = dirty.get(rule.id);
    if (!set) dirty.set(rule.id, (set = new Set()));
    for (const key of keys) set.add(key);
  };
  const rules = groupRules(state.rules);
  for (const id of change.remove ?? []) {
    if (!state.facts.has(id)) continue;
    for (const rule of rules) markGroups(rule, leave(state, rule, id));
    state.facts.delete(id);
    state.ownFindings.delete(id);
    touched.add(id);
  }
  for (const facts of change.upsert ?? []) {
    for (const rule of rules) markGroups(rule, leave(state, rule, facts.id));
    state.facts.set(facts.id, facts);
    evaluateOwn(state, facts);
    for (const rule of rules) markGroups(rule, join(state, rule, facts));
    touched.add(facts.id);
  }
  for (const rule of rules) {
    for (const key of dirty.get(rule.id) ?? []) {
      const members = state.groups.get(rule.id)!.get(key);
      if (!members) continue;
      for (const id of members) touched.add(id);
      evaluateGroup(state, rule, key);
    }
  }
  return [...touched].map((id) => outcomeOf(state, id));
}
