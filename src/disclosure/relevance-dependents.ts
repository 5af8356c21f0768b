// Which variables' being asked depends on each quasi-identifier, from the instrument's relevance conditions.

import type { Dataset } from '../analysis/dataset.ts';
import { referencesOf } from '../instrument/expression.ts';
import { isQuestion, type Instrument } from '../instrument/model.ts';
import { quasiIdentifierNames } from './keys.ts';
import type { RelevanceDependents } from './relevance-suppression.ts';

/**
 * For each quasi-identifier variable of `dataset`, the variables of every item whose relevance (its own or its
 * section's) refers to the quasi-identifier's item, directly or through another such item (a chain of conditions
 * carries the information along).
 */
export function relevanceDependents(instrument: Instrument, dataset: Dataset): RelevanceDependents {
  // item → items whose relevance names it
  const directly = new Map<string, Set<string>>();
  for (const section of instrument.sections) {
    const sectionRefs = section.relevance === undefined ? [] : referencesOf(section.relevance.expr).map((r) => r.name);
    for (const item of section.items) {
      if (!isQuestion(item)) continue;
      const refs = [...sectionRefs, ...(item.relevance === undefined ? [] : referencesOf(item.relevance.expr).map((r) => r.name))];
      for (const ref of refs) {
        let set = directly.get(ref);
        if (set === undefined) directly.set(ref, (set = new Set()));
        set.add(item.name);
      }
    }
  }
  const variablesOf = (item: string): string[] => dataset.variables.filter((v) => v.item === item).map((v) => v.name);
  const out = new Map<string, string[]>();
  for (const q of quasiIdentifierNames(dataset)) {
    const item = dataset.variables.find((v) => v.name === q)?.item ?? '';
    const reached = new Set<string>();
    const queue = [...(directly.get(item) ?? [])];
    while (queue.length > 0) {
      const next = queue.shift() ?? '';
      if (reached.has(next) || next === item) continue;
      reached.add(next);
      queue.push(...(directly.get(next) ?? []));
    }
    const targets = [...reached].flatMap(variablesOf);
    if (targets.length > 0) out.set(q, targets);
  }
  return out;
}
