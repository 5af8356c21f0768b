// XLSForm question types: the ones portas carries over, the metadata it never collects, and what to do about the rest.

import type { ItemKind } from '../model.ts';

export interface ParsedType {
  readonly kind: Exclude<ItemKind, 'battery' | 'long_text'>;
  readonly list?: string;
  /** `select_one list or_other`: an "Other" choice with a text box. */
  readonly orOther: boolean;
}

const METADATA = ['start', 'end', 'today', 'deviceid', 'subscriberid', 'simserial', 'phonenumber', 'username', 'email', 'audit', 'instanceid', 'start-geopoint', 'background-audio', 'background-geopoint'];

const HINTS: readonly (readonly [RegExp, string])[] = [
  [/^(geopoint|geotrace|geoshape|start-geopoint)$/, 'portas never records locations: ask for the town or district as a choice'],
  [/^(image|photo|audio|video|file|background-audio)$/, 'portas collects no media: ask for a description as text'],
  [/^(barcode|qrcode)$/, 'ask for the code as text'],
  [/^(time|datetime|datetime-local)$/, 'portas stores no precise times: ask for a date (day, month or year) instead'],
  [/^range$/, 'use an integer with min and max'],
  [/^rank$/, 'ask one single-choice question per rank'],
  [/^(acknowledge|trigger)$/, 'use a single choice with one option'],
  [/^(select_one_external|select_multiple_external|select_one_from_file|select_multiple_from_file|xml-external|csv-external)\b/, 'external choice lists are not carried over: put the choices on the choices sheet'],
];

/** The hint for a type portas cannot carry over, or undefined when it can (or does not know it). */
export function unsupportedType(lowered: string): string | undefined {
  const word = lowered.split(' ')[0] ?? '';
  return HINTS.find(([re]) => re.test(word))?.[1];
}

function parse(typeText: string): ParsedType | undefined {
  const t = typeText.trim().replace(/\s+/g, ' ');
  const lower = t.toLowerCase();
  const select = /^(select_one|select_multiple|select one|select all that apply)(?: from)? ([^\s]+)( or_other| or specify other)?$/i.exec(t);
  if (select !== null) return { kind: /one/i.test(select[1] ?? '') ? 'single' : 'multiple', list: select[2] ?? '', orOther: select[3] !== undefined };
  const simple: Readonly<Record<string, ParsedType['kind']>> = { integer: 'integer', int: 'integer', decimal: 'decimal', text: 'text', string: 'text', note: 'note', date: 'date' };
  const kind = simple[lower];
  return kind === undefined ? undefined : { kind, orOther: false };
}

export const SURVEY_TYPES = { metadata: new Set(METADATA), parse };
