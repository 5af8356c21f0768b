// How hard a passphrase is to guess, judged on the server when the form is sent (no script in the page).

export type Strength = 'weak' | 'fair' | 'good';

export interface StrengthVerdict {
  readonly strength: Strength;
  /** Rough guessing work in bits: what an attacker with the key file faces (scrypt makes each guess slow). */
  readonly bits: number;
}

/**
 * A sentence of several words is judged by its words (about 11 bits each from a large vocabulary), anything else
 * by its length and the kinds of characters in it; repeated characters and common patterns count for little.
 */
export function passphraseStrength(p: string): StrengthVerdict {
  const words = p.trim().split(/\s+/).filter((w) => w.length >= 2);
  const distinct = new Set(p).size;
  let pool = 0;
  if (/[a-z]/.test(p)) pool += 26;
  if (/[A-Z]/.test(p)) pool += 26;
  if (/[0-9]/.test(p)) pool += 10;
  if (/[^A-Za-z0-9\s]/.test(p)) pool += 33;
  if (/[\u0400-\u04FF]/.test(p)) pool += 33;
  // Few distinct characters (aaaa…, 121212…) or a known weak pattern: the length says little.
  const effectiveLength = Math.min(p.length, distinct * 2);
  const bySymbols = effectiveLength * Math.log2(Math.max(pool, 2));
  const byWords = words.length >= 4 ? words.length * 11 : 0;
  const common = /^(password|passw0rd|qwerty|123456|пароль|letmein|iloveyou)/i.test(p.replace(/\s/g, ''));
  const bits = common ? 10 : Math.round(Math.max(bySymbols, byWords));
  return { bits, strength: p.length < 12 || bits < 50 ? 'weak' : bits < 70 ? 'fair' : 'good' };
}
