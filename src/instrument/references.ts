// Checks what relevance expressions refer to: known items, on earlier pages, of a usable type, no cycles.

import type { Diagnostic, SourcePosition } from '../core/diagnostic.ts';
import { referencesOf, usesOf, type ExprUse } from './expression.ts';
import { INSTRUMENT_CODES as C } from './messages.ts';
import type { Item, Relevance, Section } from './model.ts';

interface Owner {
  readonly subject: string;
  readonly relevance: Relevance;
  /** The item that owns the condition (undefined for a section). */
  readonly item?: Item;
  readonly section: number;
  readonly order: number;
}

/** `knownNames` may name items that exist but failed to load: referring to them is not an error here. */
export function checkReferences(sections: readonly Section[], knownNames: ReadonlySet<string> = new Set()): Diagnostic[] {
  const out: Diagnostic[] = [];
  const where = new Map<string, { item: Item; section: number; order: number }>();
  const owners: Owner[] = [];
  let order = 0;
  sections.forEach((section, s) => {
    if (section.relevance) owners.push({ subject: `section '${section.name}'`, relevance: section.relevance, section: s, order });
    for (const item of section.items) {
      where.set(item.name, { item, section: s, order });
      if (item.relevance) owners.push({ subject: `item '${item.name}'`, relevance: item.relevance, item, section: s, order });
      order += 1;
    }
  });

  // Edges for cycle detection: owner item → referenced item (a section's condition binds each of its items).
  const edges = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string): void => {
    const set = edges.get(from) ?? new Set<string>();
    set.add(to);
    edges.set(from, set);
  };
  for (const o of owners) {
    for (const ref of referencesOf(o.relevance.expr)) {
      const target = where.get(ref.name);
      if (target === undefined) continue;
      const bound = o.item ? [o.item] : (sections[o.section]?.items ?? []);
      for (const b of bound) addEdge(b.name, ref.name);
    }
  }
  const inCycle = findCycles(edges);

  for (const o of owners) {
    const at = (column: number): SourcePosition | undefined => (o.relevance.position ? { ...o.relevance.position, column: o.relevance.position.column + column - 1 } : undefined);
    const report = (code: Diagnostic['code'], column: number, message: string, hint: string): void => {
      const position = at(column);
      out.push({ code, severity: 'error', message, subject: o.subject, hint, ...(position ? { position } : {}) });
    };
    for (const ref of referencesOf(o.relevance.expr)) {
      const target = where.get(ref.name);
      if (target === undefined) {
        if (knownNames.has(ref.name)) continue;
        report(C.unknownReference, ref.column, `relevance refers to unknown item '${ref.name}'`, 'check the spelling, or declare the item on an earlier page');
        continue;
      }
      const cycle = inCycle.get(ref.name);
      if (cycle !== undefined && (o.item ? cycle.includes(o.item.name) : true) && (o.item?.name === ref.name || target.section >= o.section)) {
        report(C.cycle, ref.column, `relevance is circular: ${cycle.join(' → ')}`, 'an item cannot depend, directly or through others, on itself');
      } else if (target.section > o.section) {
        report(C.laterReference, ref.column, `relevance refers to '${ref.name}', which is asked later`, 'conditions may refer only to items on earlier pages');
      } else if (target.section === o.section) {
        report(C.samePageReference, ref.column, `relevance refers to '${ref.name}' on the same page`, 'with JavaScript off a page cannot change while it is filled in: move one of the two to another page');
      }
    }
    for (const use of usesOf(o.relevance.expr)) {
      const target = where.get(use.name)?.item;
      if (target === undefined) continue;
      const problem = usageProblem(use.how, target);
      if (problem !== undefined) report(C.wrongReferenceType, use.column, problem, 'see docs/instrument-format.md, "Relevance expressions"');
    }
  }
  return out;
}

function usageProblem(how: ExprUse['how'], item: Item): string | undefined {
  if (item.kind === 'note') return `'${item.name}' is a note and has no answer`;
  if (item.kind === 'battery') return `'${item.name}' is a battery; conditions cannot refer to it as a whole`;
  if (how === 'selected' && item.kind !== 'single' && item.kind !== 'multiple') return `selected() needs a choice item, and '${item.name}' is ${item.kind}`;
  if (how === 'count' && item.kind !== 'multiple') return `count-selected() needs a multiple-choice item, and '${item.name}' is ${item.kind}`;
  if (how === 'value' && item.kind === 'multiple') return `'${item.name}' is multiple choice: use selected(\${${item.name}}, 'code') or count-selected(\${${item.name}})`;
  return undefined;
}

/** For each node on a cycle, one cycle through it as a path of names ending where it began. */
function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const start of edges.keys()) {
    if (result.has(start)) continue;
    const path = pathBack(edges, start);
    if (path !== undefined) for (const n of path) if (!result.has(n)) result.set(n, path);
  }
  return result;
}

/** A path start → … → start, if one exists (depth-first). */
function pathBack(edges: ReadonlyMap<string, ReadonlySet<string>>, start: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (node: string, trail: string[]): string[] | undefined => {
    for (const next of edges.get(node) ?? []) {
      if (next === start) return [...trail, start];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...trail, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}
