// A battery: one scale asked of several statements (a Likert matrix), one radio group per row.

import type { LocalizedText } from '../../core/text.ts';
import { choicesRef, NAME, readNets, str, textFromFields } from '../load-parts.ts';
import { INSTRUMENT_CODES as C } from '../messages.ts';
import type { ChosenMissing } from '../missing.ts';
import type { ItemValue } from '../model.ts';
import { MISSING_VALUE, rowField } from './fields.ts';
import { choiceOptions, fieldset, isCode, isRecord, keysAre, lead, missingOptions, mismatch, readRadio } from './html-parts.ts';
import { commonMissingKinds, type KindModule } from './kind.ts';
import { pickOne } from './sample-parts.ts';

const CHOSEN: readonly unknown[] = ['dont_know', 'refused'];

export const battery: KindModule<'battery'> = {
  kind: 'battery',
  describe: 'one scale asked of several rows (statements)',
  keys: ['scale', 'rows', 'nets'],
  requiredKeys: ['scale', 'rows'],

  load({ ctx, fields, subject, base }) {
    const { r } = ctx;
    const scale = choicesRef(ctx, fields, subject, 'scale') ?? [];
    const rows: { name: string; label: LocalizedText }[] = [];
    const rowNames = new Set<string>();
    const rowsEntry = fields.get('rows');
    for (const rowNode of rowsEntry === undefined ? [] : (r.seq(rowsEntry.value ?? rowsEntry.key, subject, "'rows'") ?? [])) {
      const rf = r.map(rowNode, subject, 'a row', ['name', ...(ctx.languages ?? [])], ['name']);
      if (rf === undefined) continue;
      const rowName = str(r, rf, 'name', subject) ?? '';
      if (!NAME.test(rowName) || base.name.length + 1 + rowName.length > 32) r.error(rf.get('name')?.value, C.badName, subject, `row name '${rowName}' must be lowercase letters, digits and _, and '${base.name}_${rowName}' at most 32 characters`);
      if (rowNames.has(rowName)) r.error(rf.get('name')?.value, C.duplicateName, subject, `row name '${rowName}' is used twice`);
      rowNames.add(rowName);
      const rowLabel = textFromFields(ctx, rf, rowNode, subject, `row '${rowName}'`, ['name']);
      if (rowLabel !== undefined) rows.push({ name: rowName, label: rowLabel });
    }
    return { ...base, kind: 'battery', scale, rows, nets: readNets(ctx, fields.get('nets')?.value, subject, scale) };
  },

  render(item, view, h) {
    const a = view.answer;
    const whole = a?.kind === 'missing' ? a.missing : undefined;
    const rows = item.rows
      .map((row) => {
        const cell = a?.kind === 'battery' ? a.rows[row.name] : undefined;
        const field = rowField(item.name, row.name);
        const inner = choiceOptions(h, item.scale, 'radio', field, (c) => c === cell) + missingOptions(h, item, field, 'radio', typeof cell === 'string' ? cell : whole);
        return `<fieldset class="row"><legend>${h.text(row.label)}</legend>${inner}</fieldset>`;
      })
      .join('');
    return fieldset(item, h, lead(item, view, h) + rows);
  },

  parse(item, values, { say }) {
    const rows: Record<string, number | ChosenMissing> = {};
    for (const row of item.rows) {
      const v = readRadio(item, values, rowField(item.name, row.name), item.scale.map((c) => c.code));
      if (v === 'errOneAnswer' || v === 'errChoice') return { kind: 'error', message: say(v) };
      if (v !== undefined) rows[row.name] = v;
    }
    return Object.keys(rows).length > 0 ? { kind: 'answer', answer: { kind: 'battery', rows } } : { kind: 'skipped' };
  },

  answerFields(item, answer) {
    if (answer.kind === 'battery') return Object.entries(answer.rows).map(([row, v]) => [rowField(item.name, row), typeof v === 'number' ? String(v) : MISSING_VALUE[v]]);
    if (answer.kind === 'missing') return item.rows.map((r) => [rowField(item.name, r.name), MISSING_VALUE[answer.missing]]);
    return mismatch(item, answer);
  },

  // Each row on its own: a point of the scale, a chosen "don't know", or left empty; all rows empty is a skip.
  sample(item, rng, s) {
    const rows: Record<string, number | ChosenMissing> = {};
    for (const row of item.rows) {
      if (s.leaves()) continue;
      const cell = s.chosen() ?? pickOne(rng, item.scale)?.code;
      if (cell !== undefined) rows[row.name] = cell;
    }
    return Object.keys(rows).length > 0 ? { kind: 'battery', rows } : undefined;
  },
  isAnswer: (v) => v['kind'] === 'battery' && keysAre(v, ['kind', 'rows']) && isRecord(v['rows']) && Object.values(v['rows']).every((r) => isCode(r) || CHOSEN.includes(r)),

  columns(item) {
    return {
      columns: item.rows.map((r) => ({
        type: 'coded' as const,
        name: `${item.name}_${r.name}`,
        label: Object.fromEntries(Object.entries(item.label).map(([lang, text]) => [lang, `${text}: ${r.label[lang] ?? ''}`])),
        measure: 'ordinal' as const,
        valueLabels: item.scale,
        nets: item.nets,
        cell: (v: ItemValue) => {
          if (v.kind === 'missing') return v.missing;
          if (v.kind !== 'battery') return mismatch(item, v);
          return v.rows[r.name] ?? 'skipped';
        },
      })),
      set: 'battery',
    };
  },
  missingKinds: (item) => commonMissingKinds(item),

  preview(item, t) {
    return [`    scale: ${item.scale.map((c) => `${c.code} ${t(c.label)}`).join(' | ')}`, ...item.rows.map((r) => `    – ${t(r.label)}  {${item.name}_${r.name}}`)];
  },
  report: (item) => ({ codes: item.scale, nets: item.nets, numeric: false, freeText: false }),
  widest: (item) => {
    const cells: (number | ChosenMissing)[] = [...item.scale.map((c) => c.code), 'dont_know', 'refused'];
    const longestCell = cells.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
    return [{ kind: 'battery', rows: Object.fromEntries(item.rows.map((r) => [r.name, longestCell])) }];
  },
  // XLSForm has no matrix type: a battery exports as a field-list group of select_one rows (see xlsform/export).
  xlsform: (item) => ({ type: `select_one ${item.name}` }),
};
