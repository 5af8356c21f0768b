// Fills in one of our HTML forms the way a browser would, refusing any value the form does not offer.

import { err, ok, type Result } from '../core/result.ts';
import type { FormFields } from './parse-form.ts';

interface Control {
  readonly tag: 'input' | 'textarea' | 'button';
  readonly type: string;
  readonly name: string;
  readonly value: string;
  readonly checked: boolean;
}

const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const attribute = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m?.[1] === undefined ? undefined : unescape(m[1]);
};

/** The controls of the page's (single) form, in document order. Our markup only: double-quoted attributes, no nesting tricks. */
export function formControls(html: string): Control[] {
  const controls: Control[] = [];
  for (const m of html.matchAll(/<input\b[^>]*>|<textarea\b[^>]*>([\s\S]*?)<\/textarea>|<button\b[^>]*>/g)) {
    const tag = m[0];
    const name = attribute(tag, 'name');
    if (name === undefined) continue;
    if (tag.startsWith('<textarea')) controls.push({ tag: 'textarea', type: 'textarea', name, value: unescape(m[1] ?? ''), checked: false });
    else if (tag.startsWith('<button')) controls.push({ tag: 'button', type: 'submit', name, value: attribute(tag, 'value') ?? '', checked: false });
    else controls.push({ tag: 'input', type: attribute(tag, 'type') ?? 'text', name, value: attribute(tag, 'value') ?? '', checked: /\schecked[\s>]/.test(tag) });
  }
  return controls;
}

/** The form's `action`, if it has one. */
export function formAction(html: string): string | undefined {
  const form = /<form\b[^>]*>/.exec(html)?.[0];
  return form === undefined ? undefined : attribute(form, 'action');
}

/**
 * What a browser submits after the user sets `wanted` (each name to the listed values; any control
 * not named keeps nothing: radios and checkboxes unchecked, text emptied) and presses the button
 * `[name, value]`. Hidden fields go as they are. A wanted value the form does not offer is an error,
 * so a synthetic respondent can never send what a person could not.
 */
export function fillForm(html: string, wanted: readonly (readonly [string, string])[], button: readonly [string, string]): Result<FormFields, string> {
  const controls = formControls(html);
  const byName = new Map<string, string[]>();
  for (const [name, value] of wanted) byName.set(name, [...(byName.get(name) ?? []), value]);
  const used = new Set<string>();
  const fields: [string, string][] = [];
  for (const c of controls) {
    if (c.tag === 'button') continue;
    if (c.type === 'hidden') {
      fields.push([c.name, c.value]);
      continue;
    }
    const values = byName.get(c.name);
    if (values === undefined) continue;
    if (c.type === 'radio' || c.type === 'checkbox') {
      if (values.includes(c.value)) {
        fields.push([c.name, c.value]);
        used.add(`${c.name}\u0000${c.value}`);
      }
      continue;
    }
    // A text field or textarea takes the next wanted value for its name.
    const value = values.find((v) => !used.has(`${c.name}\u0000${v}`));
    if (value !== undefined) {
      fields.push([c.name, value]);
      used.add(`${c.name}\u0000${value}`);
    }
  }
  for (const [name, value] of wanted) {
    if (!used.has(`${name}\u0000${value}`)) return err(`the form offers no control ${name}=${JSON.stringify(value)}`);
  }
  if (!controls.some((c) => c.tag === 'button' && c.name === button[0] && c.value === button[1])) return err(`the form has no button ${button[0]}=${button[1]}`);
  fields.push([button[0], button[1]]);
  return ok(fields);
}
