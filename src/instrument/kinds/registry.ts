// Every question kind, keyed by kind. Its type (KindRegistry) fails to compile until a new kind provides everything.

import type { Answer, Item, ItemKind } from '../model.ts';
import { battery } from './battery.ts';
import { date } from './date.ts';
import { decimal } from './decimal.ts';
import { integer } from './integer.ts';
import type { KindModule, KindRegistry } from './kind.ts';
import { multiple } from './multiple.ts';
import { note } from './note.ts';
import { single } from './single.ts';
import { longText, text } from './text.ts';

export const KINDS: KindRegistry = { single, multiple, battery, integer, decimal, date, text, long_text: longText, note };

export const ITEM_KINDS = Object.keys(KINDS) as ItemKind[];

/**
 * The module of an item's kind. Its methods take any item (TypeScript cannot pair `KINDS[item.kind]` with
 * `item` by itself); KindRegistry guarantees the module under a kind is that kind's, so pass the same item.
 */
export const kindOf = (item: Item): KindModule<ItemKind> => KINDS[item.kind];

/** Is `v` an answer some kind could have produced? (The envelope check, extended by every new kind.) */
export const isKnownAnswer = (v: Readonly<Record<string, unknown>>): v is Answer => Object.values<KindModule<ItemKind>>(KINDS).some((k) => k.isAnswer(v));
