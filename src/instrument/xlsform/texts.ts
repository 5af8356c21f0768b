// The texts every portas instrument has and an XLSForm lacks: written here in the languages portas speaks.

const TEXTS: Readonly<Record<string, { intro: string; skip_reminder: string; stop_reminder: string; thanks: string; other: string }>> = {
  en: { intro: 'Thank you for taking part. Your answers are encrypted as soon as you send them.', skip_reminder: 'You may skip any question.', stop_reminder: 'You may stop at any time; nothing is kept until you send your answers at the end.', thanks: 'Thank you. Your answers have been received.', other: 'Other' },
  ru: { intro: 'Спасибо за участие. Ваши ответы шифруются сразу после отправки.', skip_reminder: 'Любой вопрос можно пропустить.', stop_reminder: 'Вы можете прекратить в любой момент; ничего не сохраняется, пока Вы не отправите ответы в конце.', thanks: 'Спасибо. Ваши ответы получены.', other: 'Другое' },
  fr: { intro: 'Merci de votre participation. Vos réponses sont chiffrées dès leur envoi.', skip_reminder: 'Vous pouvez passer n’importe quelle question.', stop_reminder: 'Vous pouvez arrêter à tout moment ; rien n’est conservé avant l’envoi de vos réponses à la fin.', thanks: 'Merci. Vos réponses ont été reçues.', other: 'Autre' },
};

/** The four standard texts in each language, and the languages they are only in English for. */
export function defaultTexts(languages: readonly string[]): { texts: Record<string, Record<string, string>>; untranslated: string[] } {
  const pick = (lang: string) => TEXTS[lang] ?? TEXTS['en'];
  const text = (key: 'intro' | 'skip_reminder' | 'stop_reminder' | 'thanks'): Record<string, string> => Object.fromEntries(languages.map((l) => [l, pick(l)?.[key] ?? '']));
  return { texts: { intro: text('intro'), skip_reminder: text('skip_reminder'), stop_reminder: text('stop_reminder'), thanks: text('thanks') }, untranslated: languages.filter((l) => TEXTS[l] === undefined) };
}

/** "Other" for an `or_other` choice, in every language (English where portas has no word). */
export const otherLabel = (languages: readonly string[]): Record<string, string> => Object.fromEntries(languages.map((l) => [l, TEXTS[l]?.other ?? 'Other']));
