// Russian noun forms after a number: 1 волна, 2 волны, 5 волн, 21 волна, 11 волн.

/** `one` for 1, 21, 31…; `few` for 2–4, 22–24…; `many` for the rest (0, 5–20, 25–30, …, 11–14). */
export function ruPlural(n: number, one: string, few: string, many: string): string {
  const mod100 = Math.abs(n) % 100;
  const mod10 = mod100 % 10;
  if (!Number.isInteger(n)) return few;
  if (mod100 >= 11 && mod100 <= 14) return many;
  if (mod10 === 1) return one;
  if (mod10 >= 2 && mod10 <= 4) return few;
  return many;
}
