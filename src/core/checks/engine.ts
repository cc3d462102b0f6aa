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

/** A receivable's keys under one keying: most have exactly one, kept without an array around it. */
type Keys = string | readonly string[];

/** Members of one group: the facts themselves, or an array when more than one. */
type Members = ReceivableFacts | ReceivableFacts[];

/** What the engine keeps per receivable: its facts, keys, own findings and inputs hash. */
type Entry = {
  readonly facts: ReceivableFacts;
  /** Its place in `CheckState.slots`, which sieves name it by. */
  readonly slot: number;
  /** Group keys per keying (same index as `keyings`): one key as a bare string, else a list. */
  keys: Keys[];
  /** Findings of the receivable-scope rules, or null when there are none. */
  own: readonly RuleFinding[] | null;
  /** The inputs hash: it depends on the facts and the context only, not on other receivables. */
  inputsHash: string;
};

/**
 * What a pairs-only keying (every rule on it needs two members: duplicates) keeps instead of a group
 * for every key. Nearly all such keys (invoice numbers, file hashes, B/L numbers) are unique, and at
 * 100k receivables putting each into a Map costs more than every duplicate rule's own work. So keys
 * are first counted by a 32-bit hash in a typed array, and only keys whose bucket ever held two keys
 * become groups. Per bucket: 0 empty; s + 1 one key, of the entry in slot s, not in the groups; -1
 * every key of the bucket is in the groups (kept so until the next full evaluation).
 */
type Sieve = { cells: Int32Array; mask: number };

export type CheckState = {
  readonly rules: readonly Rule[];
  ctx: CheckContext;
  readonly hash: (text: string) => string;
  /** The receivable-scope and group-scope rules, split once. */
  readonly own: readonly ReceivableRule[];
  readonly grouped: readonly GroupRule[];
  /** Distinct `groupKeys` functions: rules that group alike (by supplier) share keys and groups. */
  readonly keyings: readonly GroupRule['groupKeys'][];
  /** Per group rule (same index as `grouped`): the index of its keying. */
  readonly keyingOf: readonly number[];
  /** Per keying: group key → members. For a keying with a sieve, only the keys it lets through. */
  readonly groups: Map<string, Members>[];
  /** Per keying: its sieve when pairs-only, else null (every key has its group). */
  readonly sieves: (Sieve | null)[];
  /** Buckets per sieve, when set (tests make every key collide); else sized to the receivables. */
  readonly sieveBuckets: number | undefined;
  /** Every entry made, by slot (entries replaced by an update stay until the next full evaluation). */
  slots: Entry[];
  /** Receivable id → its facts, group keys and own findings (one map: at 100k, every lookup counts). */
  readonly entries: Map<string, Entry>;
  /** Per group rule: group key → the findings of that group (only groups that have any). */
  readonly groupFindings: Map<string, readonly RuleFinding[]>[];
};

/**
 * A finding stamped with its rule. A `fail` needs evidence that was read with confidence or that a
 * person confirmed: when a field it rests on was read below the policy's threshold and nobody has
 * confirmed it, the finding is a `warn` that says which reading to confirm. Misread evidence must
 * never make a receivable ineligible on its own.
 */
/** A label inside a sentence: 'Invoiced quantity' → 'invoiced quantity', but 'B/L date' and 'IBAN' stay. */
const lowerFirst = (label: string): string => (/^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label);

const stamp = (rule: Rule, draft: FindingDraft, minConfidence: number): RuleFinding => {
  let severity = draft.severity ?? rule.severity;
  let message = draft.message;
  if (severity === 'fail') {
    let weak: string | null = null;
    for (const e of draft.evidence) {
      if (e.field === null || e.confirmed !== false || e.confidence === undefined || e.confidence >= minConfidence) continue;
      const part = `${lowerFirst(e.label)} (${Math.round(e.confidence * 100)} %)`;
      weak = weak === null ? part : `${weak}, ${part}`;
    }
    if (weak !== null) {
      severity = 'warn';
      message = `${message} Not a fail yet: read with low confidence: ${weak}. Confirm on the document to decide.`;
    }
  }
  return {
    receivableId: draft.receivableId,
    key: draft.key,
    message,
    evidence: draft.evidence,
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    reference: rule.reference,
    severity,
  };
};

/** An empty engine over a rule set and context. */
export function createCheckState(
  rules: readonly Rule[],
  ctx: CheckContext,
  hash: (text: string) => string,
  options: { readonly sieveBuckets?: number } = {},
): CheckState {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new Error(`Two rules share the id ${rule.id}`);
    ids.add(rule.id);
  }
  const grouped = rules.filter((rule): rule is GroupRule => rule.scope === 'group');
  const keyings: GroupRule['groupKeys'][] = [];
  const keyingOf = grouped.map((rule) => {
    const at = keyings.indexOf(rule.groupKeys);
    return at >= 0 ? at : keyings.push(rule.groupKeys) - 1;
  });
  const pairsOnly = (k: number): boolean => grouped.every((rule, i) => keyingOf[i] !== k || (rule.minMembers ?? 1) > 1);
  const buckets = options.sieveBuckets ?? MIN_BUCKETS;
  if (!(buckets > 0 && (buckets & (buckets - 1)) === 0)) throw new Error('sieveBuckets must be a power of two');
  return {
    rules,
    ctx,
    hash,
    own: rules.filter((rule): rule is ReceivableRule => rule.scope === 'receivable'),
    grouped,
    keyings,
    keyingOf,
    groups: keyings.map(() => new Map()),
    sieves: keyings.map((_, k) => (pairsOnly(k) ? { cells: new Int32Array(buckets), mask: buckets - 1 } : null)),
    sieveBuckets: options.sieveBuckets,
    slots: [],
    entries: new Map(),
    groupFindings: grouped.map(() => new Map()),
  };
}

const NO_KEYS: readonly string[] = [];
const MIN_BUCKETS = 1 << 10;
const MAX_BUCKETS = 1 << 21;
/** No bucket: a receivable with no key, or several, under a keying (`bucketsOf` in evaluateAll). */
const NO_BUCKET = -1;
const SEVERAL = -2;

/** FNV-1a over the UTF-16 code units: cheap, and spread well enough to tell unique keys apart. */
const hashKey = (key: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h;
};

/** Sieve buckets for n receivables: about 8 per key, so that ~12 % of unique keys (1 − e^−⅛) share one. */
const bucketsFor = (n: number): number => {
  let size = MIN_BUCKETS;
  while (size < n * 8 && size < MAX_BUCKETS) size *= 2;
  return size;
};
const NO_FINDINGS: readonly RuleFinding[] = [];

// Most group keys (invoice numbers, file hashes) are unique, so a group of one is stored as the bare
// facts: an array per receivable per rule would dominate memory and time at 100k receivables.
// A receivable always leaves its groups before it joins again (and evaluateAll loads each id once),
// so it is never already a member here: no search through large groups (a supplier's hundreds).
// `shared` collects keys as they gain a second member, so that rules needing two members visit only
// those instead of every (mostly unique) key.
const addMember = (groups: Map<string, Members>, key: string, facts: ReceivableFacts, shared: string[] | null): void => {
  const members = groups.get(key);
  if (members === undefined) groups.set(key, facts);
  else if (Array.isArray(members)) members.push(facts);
  else {
    groups.set(key, [members as ReceivableFacts, facts]);
    shared?.push(key);
  }
};

/** Removes a receivable from a group; false when the group is now empty. */
const removeMember = (groups: Map<string, Members>, key: string, facts: ReceivableFacts): boolean => {
  const members = groups.get(key);
  if (members === undefined) return false;
  if (!Array.isArray(members)) {
    if (members !== facts) return true;
    groups.delete(key);
    return false;
  }
  const at = members.indexOf(facts);
  if (at >= 0) members.splice(at, 1);
  if (members.length === 1) groups.set(key, members[0]!);
  return true;
};

const dedupe = (raw: readonly string[]): readonly string[] => {
  for (let i = 1; i < raw.length; i += 1) if (raw.indexOf(raw[i]!, 0) < i) return [...new Set(raw)];
  return raw;
};

const keysOf = (state: CheckState, facts: ReceivableFacts): Keys[] => {
  const keys: Keys[] = new Array(state.keyings.length);
  for (let k = 0; k < state.keyings.length; k += 1) {
    const raw = state.keyings[k]!(facts, state.ctx);
    keys[k] = raw === null ? NO_KEYS : typeof raw === 'string' ? raw : raw.length === 1 ? raw[0]! : raw.length === 0 ? NO_KEYS : dedupe(raw);
  }
  return keys;
};

/** The keys as a list (off the hot paths). */
const listOf = (keys: Keys): readonly string[] => (typeof keys === 'string' ? [keys] : keys);

/** Passes one key through a sieve after a full evaluation (an update's join). */
const sieveJoin = (state: CheckState, k: number, key: string, entry: Entry): void => {
  const sieve = state.sieves[k]!;
  const bucket = hashKey(key) & sieve.mask;
  const cell = sieve.cells[bucket]!;
  if (cell === 0) {
    sieve.cells[bucket] = entry.slot + 1;
    return;
  }
  if (cell > 0) {
    // The bucket's keys so far were kept out of the groups: they go in now, with this one. They are
    // one receivable's: another's, or this one's own keys joined before this key.
    const alone = state.slots[cell - 1]!;
    const own = alone === entry ? listOf(entry.keys[k]!) : null;
    const before = own ? own.slice(0, own.indexOf(key)) : listOf(alone.keys[k]!);
    for (const other of before) if ((hashKey(other) & sieve.mask) === bucket) addMember(state.groups[k]!, other, alone.facts, null);
    sieve.cells[bucket] = -1;
  }
  addMember(state.groups[k]!, key, entry.facts, null);
};

/** Joins an entry's groups after a full evaluation (keys of a sieved keying pass its sieve). */
const join = (state: CheckState, entry: Entry): void => {
  for (let k = 0; k < entry.keys.length; k += 1) {
    for (const key of listOf(entry.keys[k]!)) {
      if (state.sieves[k]) sieveJoin(state, k, key, entry);
      else addMember(state.groups[k]!, key, entry.facts, null);
    }
  }
};

/** Takes a receivable out of its groups; returns the keys it had (empty when it was not loaded). */
const leave = (state: CheckState, id: string): readonly Keys[] => {
  const entry = state.entries.get(id);
  if (!entry) return [];
  const facts = entry.facts;
  for (let k = 0; k < entry.keys.length; k += 1) {
    const sieve = state.sieves[k];
    for (const key of listOf(entry.keys[k]!)) {
      if (sieve) {
        const bucket = hashKey(key) & sieve.mask;
        // Alone in its bucket, so never in the groups: only the count changes.
        if (sieve.cells[bucket] === entry.slot + 1) {
          sieve.cells[bucket] = 0;
          continue;
        }
      }
      if (removeMember(state.groups[k]!, key, facts)) continue;
      for (let i = 0; i < state.grouped.length; i += 1) if (state.keyingOf[i] === k) state.groupFindings[i]!.delete(key);
    }
  }
  state.entries.delete(id);
  return entry.keys;
};

const evaluateGroup = (state: CheckState, i: number, key: string, members: Members | undefined): void => {
  const rule = state.grouped[i]!;
  const found = state.groupFindings[i]!;
  const size = members === undefined ? 0 : Array.isArray(members) ? members.length : 1;
  if (size === 0 || size < (rule.minMembers ?? 1)) {
    found.delete(key);
    return;
  }
  const list: readonly ReceivableFacts[] = Array.isArray(members) ? members : [members as ReceivableFacts];
  const drafts = rule.checkGroup(key, list, state.ctx);
  if (drafts.length === 0) {
    found.delete(key);
    return;
  }
  const stamped: RuleFinding[] = new Array(drafts.length);
  for (let j = 0; j < drafts.length; j += 1) stamped[j] = stamp(rule, drafts[j]!, state.ctx.policy.dataQuality.minConfidence);
  found.set(key, stamped);
};

const evaluateOwn = (state: CheckState, facts: ReceivableFacts): RuleFinding[] | null => {
  let found: RuleFinding[] | null = null;
  const { own, ctx } = state;
  for (let i = 0; i < own.length; i += 1) {
    const rule = own[i]!;
    const drafts = rule.check(facts, ctx);
    // Most receivables have one own finding: a literal holds it exactly, where a first push reserves 17 slots.
    for (let j = 0; j < drafts.length; j += 1) {
      if (found === null) found = [stamp(rule, drafts[j]!, ctx.policy.dataQuality.minConfidence)];
      else found.push(stamp(rule, drafts[j]!, ctx.policy.dataQuality.minConfidence));
    }
  }
  return found;
};

/**
 * The inputs a receivable's result depends on, hashed: policy version, evaluation date, its
 * counterparties' versions and its own digest (its values, and its documents' digests, each covering
 * that document's fields, corrections, review state and text signals).
 */
const inputsHashOf = (state: CheckState, facts: ReceivableFacts): string => {
  const supplier = facts.supplierId ? state.ctx.suppliers.get(facts.supplierId) : undefined;
  const buyer = facts.buyerId ? state.ctx.buyers.get(facts.buyerId) : undefined;
  return state.hash(`${state.ctx.policyVersion}|${state.ctx.asOf}|${supplier?.updatedAt ?? ''}|${buyer?.updatedAt ?? ''}|${facts.digest}`);
};

/** Evaluates a receivable's own rules, keys and inputs hash into an entry in the next slot. */
const load = (state: CheckState, facts: ReceivableFacts): Entry => {
  const entry: Entry = { facts, slot: state.slots.length, keys: keysOf(state, facts), own: evaluateOwn(state, facts), inputsHash: inputsHashOf(state, facts) };
  state.slots.push(entry);
  return entry;
};

const outcomeFrom = (state: CheckState, entry: Entry): ReceivableOutcome => {
  const id = entry.facts.id;
  const own = entry.own;
  let findings: RuleFinding[] | null = null;
  let seen: Set<string> | null = null;
  for (let i = 0; i < state.grouped.length; i += 1) {
    const byKey = state.groupFindings[i]!;
    if (byKey.size === 0) continue;
    const keys = entry.keys[state.keyingOf[i]!]!;
    const many = typeof keys !== 'string';
    for (let j = 0; j < (many ? keys.length : 1); j += 1) {
      const drafts = byKey.get(many ? keys[j]! : keys);
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
  return { receivableId: id, inputsHash: entry.inputsHash, findings: findings ?? own ?? NO_FINDINGS };
};

/** The facts a receivable was last evaluated with, or undefined when the engine does not hold it. */
export function factsOf(state: CheckState, id: string): ReceivableFacts | undefined {
  return state.entries.get(id)?.facts;
}

/** The current findings of one receivable, gathered from its own and its groups' results. */
export function outcomeOf(state: CheckState, id: string): ReceivableOutcome {
  const entry = state.entries.get(id);
  if (!entry) return { receivableId: id, inputsHash: '', findings: [] };
  return outcomeFrom(state, entry);
}

/** Loads every receivable and evaluates all rules from scratch (a new context or policy). */
export function evaluateAll(state: CheckState, receivables: Iterable<ReceivableFacts>, ctx: CheckContext = state.ctx): ReceivableOutcome[] {
  state.ctx = ctx;
  state.entries.clear();
  state.slots = [];
  for (const map of state.groups) map.clear();
  for (const map of state.groupFindings) map.clear();
  const list = Array.isArray(receivables) ? (receivables as readonly ReceivableFacts[]) : [...receivables];
  const buckets = state.sieveBuckets ?? bucketsFor(list.length);
  const sieved: number[] = [];
  for (let k = 0; k < state.keyings.length; k += 1) {
    const sieve = state.sieves[k];
    if (!sieve) continue;
    sieved.push(k);
    if (sieve.cells.length === buckets) sieve.cells.fill(0);
    else {
      sieve.cells = new Int32Array(buckets);
      sieve.mask = buckets - 1;
    }
  }
  const mask = buckets - 1;
  // Keys of sieved keyings gaining a second member, so that only those groups are visited below.
  const shared = state.keyings.map((_, k) => (state.sieves[k] ? [] : null));
  // Own rules, inputs hash and group keys in one pass, while each receivable's data is in cache:
  // at 100k receivables, walking them again costs more in cache misses than the work itself. The
  // buckets of sieved keys are taken here too, while the key strings are fresh.
  const entries: Entry[] = [];
  const bucketsOf = new Int32Array(list.length * sieved.length);
  for (let r = 0; r < list.length; r += 1) {
    const facts = list[r]!;
    const entry = load(state, facts);
    const size = state.entries.size;
    state.entries.set(facts.id, entry);
    let at = entries.length;
    // An id given twice: the last facts count, in the place of the first (as a Map keeps them).
    if (state.entries.size === size) entries[(at = entries.findIndex((e) => e.facts.id === facts.id))] = entry;
    else entries.push(entry);
    for (let s = 0; s < sieved.length; s += 1) {
      const keys = entry.keys[sieved[s]!]!;
      bucketsOf[at * sieved.length + s] = typeof keys === 'string' ? hashKey(keys) & mask : keys.length === 0 ? NO_BUCKET : SEVERAL;
    }
  }
  const n = entries.length;
  // Count each sieved key into its bucket (a bucket seen twice lets all its keys through) …
  for (let s = 0; s < sieved.length; s += 1) {
    const k = sieved[s]!;
    const cells = state.sieves[k]!.cells;
    const count = (bucket: number, j: number): void => {
      const cell = cells[bucket]!;
      if (cell === 0) cells[bucket] = entries[j]!.slot + 1;
      else if (cell > 0) cells[bucket] = -1;
    };
    for (let j = 0; j < n; j += 1) {
      const bucket = bucketsOf[j * sieved.length + s]!;
      if (bucket >= 0) count(bucket, j);
      else if (bucket === SEVERAL) for (const key of entries[j]!.keys[k] as readonly string[]) count(hashKey(key) & mask, j);
    }
  }
  // … then join the groups: every key of an unsieved keying, the sieved keys let through.
  for (let k = 0; k < state.keyings.length; k += 1) {
    const groups = state.groups[k]!;
    const s = sieved.indexOf(k);
    if (s < 0) {
      for (let j = 0; j < n; j += 1) {
        const keys = entries[j]!.keys[k]!;
        if (typeof keys === 'string') addMember(groups, keys, entries[j]!.facts, null);
        else for (const key of keys) addMember(groups, key, entries[j]!.facts, null);
      }
      continue;
    }
    const cells = state.sieves[k]!.cells;
    const collect = shared[k]!;
    for (let j = 0; j < n; j += 1) {
      const bucket = bucketsOf[j * sieved.length + s]!;
      if (bucket >= 0) {
        if (cells[bucket] === -1) addMember(groups, entries[j]!.keys[k] as string, entries[j]!.facts, collect);
      } else if (bucket === SEVERAL) {
        for (const key of entries[j]!.keys[k] as readonly string[]) if (cells[hashKey(key) & mask] === -1) addMember(groups, key, entries[j]!.facts, collect);
      }
    }
  }
  for (let i = 0; i < state.grouped.length; i += 1) {
    const k = state.keyingOf[i]!;
    const groups = state.groups[k]!;
    const keys = shared[k];
    if (keys) {
      for (const key of keys) evaluateGroup(state, i, key, groups.get(key));
      continue;
    }
    for (const [key, members] of groups) evaluateGroup(state, i, key, members);
  }
  const outcomes: ReceivableOutcome[] = new Array(n);
  for (let j = 0; j < n; j += 1) outcomes[j] = outcomeFrom(state, entries[j]!);
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
  const dirty = state.keyings.map(() => new Set<string>());
  const markGroups = (keysByKeying: readonly Keys[]): void => {
    keysByKeying.forEach((keys, k) => {
      for (const key of listOf(keys)) dirty[k]!.add(key);
    });
  };
  for (const id of change.remove ?? []) {
    if (!state.entries.has(id)) continue;
    markGroups(leave(state, id));
    touched.add(id);
  }
  for (const facts of change.upsert ?? []) {
    markGroups(leave(state, facts.id));
    const entry = load(state, facts);
    state.entries.set(facts.id, entry);
    join(state, entry);
    markGroups(entry.keys);
    touched.add(facts.id);
  }
  dirty.forEach((keys, k) => {
    for (const key of keys) {
      const members = state.groups[k]!.get(key);
      if (members !== undefined) {
        if (Array.isArray(members)) for (const m of members) touched.add(m.id);
        else touched.add((members as ReceivableFacts).id);
      }
      for (let i = 0; i < state.grouped.length; i += 1) {
        if (state.keyingOf[i] !== k) continue;
        if (members === undefined) state.groupFindings[i]!.delete(key);
        else evaluateGroup(state, i, key, members);
      }
    }
  });
  return [...touched].map((id) => outcomeOf(state, id));
}

/** A receivable's group keys per keying (same index as `state.keyings`), as its facts give them. */
export function groupKeysOf(state: CheckState, facts: ReceivableFacts): (readonly string[])[] {
  return keysOf(state, facts).map(listOf);
}

/** The group keys the engine holds for a receivable per keying, or undefined when it does not hold it. */
export function heldKeys(state: CheckState, id: string): (readonly string[])[] | undefined {
  return state.entries.get(id)?.keys.map(listOf);
}

/**
 * The outcome of a receivable the engine holds with only some of its groups complete (a run scoped to
 * what changed loads a changed receivable's groups, not every group of each of their members): its
 * own rules' findings and, per group rule, the engine's findings when `fresh` says the rule's keying
 * was evaluated with every member of each of the receivable's groups, else the findings `stored` for
 * that rule. In the order `outcomeOf` gives them.
 */
export function mergedOutcome(state: CheckState, id: string, fresh: (keying: number) => boolean, stored: ReadonlyMap<string, readonly RuleFinding[]>): ReceivableOutcome {
  const entry = state.entries.get(id);
  if (!entry) return { receivableId: id, inputsHash: '', findings: [] };
  const findings: RuleFinding[] = entry.own ? [...entry.own] : [];
  for (let i = 0; i < state.grouped.length; i += 1) {
    const k = state.keyingOf[i]!;
    if (!fresh(k)) {
      findings.push(...(stored.get(state.grouped[i]!.id) ?? NO_FINDINGS));
      continue;
    }
    const seen = new Set<string>();
    for (const key of listOf(entry.keys[k]!)) {
      for (const finding of state.groupFindings[i]!.get(key) ?? NO_FINDINGS) {
        if (finding.receivableId !== id || seen.has(finding.key)) continue;
        seen.add(finding.key);
        findings.push(finding);
      }
    }
  }
  return { receivableId: id, inputsHash: entry.inputsHash, findings };
}
