// Every text portas itself shows a respondent, in each supported language. Instrument texts come from the study.

import type { KindText } from '../instrument/kinds/kind.ts';

export type RespondentLanguage = 'ru' | 'en';

const TEXTS = {
  next: { ru: 'Далее', en: 'Next' },
  finish: { ru: 'Отправить ответы', en: 'Send my answers' },
  back: { ru: 'Назад', en: 'Back' },
  withdraw: { ru: 'Прекратить и ничего не сохранять', en: 'Stop and keep nothing' },
  withdrawn: { ru: 'Вы прекратили участие. Ничего из Ваших ответов не сохранено. Можно закрыть эту страницу.', en: 'You have stopped. None of your answers were kept. You may close this page.' },
  page: { ru: 'Страница {n} из {total}', en: 'Page {n} of {total}' },
  dontKnow: { ru: 'Затрудняюсь ответить', en: "Don't know" },
  refused: { ru: 'Предпочитаю не отвечать', en: 'Prefer not to answer' },
  language: { ru: 'Язык', en: 'Language' },
  fixErrors: { ru: 'Проверьте, пожалуйста, отмеченные ответы.', en: 'Please check the answers marked below.' },
  errInteger: { ru: 'Введите целое число от {min} до {max} или оставьте поле пустым.', en: 'Enter a whole number from {min} to {max}, or leave it empty.' },
  errDecimal: { ru: 'Введите число от {min} до {max} (не больше {decimals} знаков после запятой) или оставьте поле пустым.', en: 'Enter a number from {min} to {max} (at most {decimals} decimal places), or leave it empty.' },
  errDate: { ru: 'Введите дату от {min} до {max} в указанном виде или оставьте поле пустым.', en: 'Enter a date from {min} to {max} in the form shown, or leave it empty.' },
  askAgain: { ru: 'Этот вопрос для нас особенно важен. Ответьте, пожалуйста, если можете, — или продолжайте без ответа: больше мы о нём не спросим.', en: 'This question matters a lot to the study. Please answer it if you can — or go on without answering: we will not ask again.' },
  otherSpecify: { ru: 'Другое (укажите):', en: 'Other (please specify):' },
  datePrecisionYear: { ru: 'Год, например 2022', en: 'Year, e.g. 2022' },
  datePrecisionMonth: { ru: 'Год и месяц, например 2022-03 или 03.2022', en: 'Year and month, e.g. 2022-03 or 03.2022' },
  datePrecisionDay: { ru: 'Дата, например 17.03.2022 или 2022-03-17', en: 'Date, e.g. 17.03.2022 or 2022-03-17' },
  errChoice: { ru: 'Такого варианта ответа нет.', en: 'This answer is not one of the options.' },
  errTooLong: { ru: 'Ответ длиннее {max} символов.', en: 'The answer is longer than {max} characters.' },
  errExclusive: { ru: 'Вариант «{label}» нельзя сочетать с другими.', en: '“{label}” cannot be combined with other answers.' },
  errOneAnswer: { ru: 'Выберите один ответ.', en: 'Choose one answer.' },
  couponLabel: { ru: 'Код приглашения', en: 'Invitation code' },
  couponHint: { ru: 'Код вида ABCD-EFGH-JKM от человека, который пригласил Вас.', en: 'A code like ABCD-EFGH-JKM from the person who invited you.' },
  start: { ru: 'Начать', en: 'Start' },
  couponMalformed: { ru: 'Код набран с ошибкой. Проверьте его и попробуйте ещё раз.', en: 'This code has a typing error. Please check it and try again.' },
  couponUnknown: { ru: 'Такого кода нет. Проверьте его и попробуйте ещё раз.', en: 'This code does not exist. Please check it and try again.' },
  couponUsed: { ru: 'Этот код уже использован. Каждый код действует один раз — попросите новый у того, кто Вас пригласил.', en: 'This code has already been used. Each code works once — ask the person who invited you for a new one.' },
  couponExpired: { ru: 'Срок действия этого кода истёк.', en: 'This code has expired.' },
  couponUnusable: {
    ru: 'Этим кодом нельзя воспользоваться. Если Вам его кто-то дал, попросите у этого человека новый.',
    en: 'This code cannot be used. If someone gave it to you, ask them for a new one.',
  },
  couponsTitle: { ru: 'Пригласите других', en: 'Invite others' },
  couponsText: {
    ru: 'Если Вы знаете людей, которые могли бы ответить на этот опрос, передайте каждому один код лично или в надёжном мессенджере. Каждый код действует один раз. Коды не связаны с Вашим именем, и по ним нельзя узнать Ваши ответы.',
    en: 'If you know people who could take this survey, give each of them one code, in person or through a messenger you trust. Each code works once. The codes are not tied to your name and reveal none of your answers.',
  },
  formExpired: { ru: 'Страница устарела (прошло слишком много времени). Ваши ответы не сохранены — начните, пожалуйста, заново.', en: 'This page has expired (too much time has passed). Nothing was kept — please start again.' },
  formInvalid: { ru: 'Страница была изменена или повреждена, поэтому мы не можем её принять. Ничего не сохранено.', en: 'This page was altered or damaged, so we cannot accept it. Nothing was kept.' },
  badRequest: { ru: 'Мы не смогли прочитать отправленные данные. Ничего не сохранено.', en: 'We could not read what was sent. Nothing was kept.' },
  tooLarge: { ru: 'Отправлено слишком много текста. Ничего не сохранено.', en: 'Too much text was sent. Nothing was kept.' },
  notFound: { ru: 'Такой страницы нет.', en: 'There is no such page.' },
  busy: { ru: 'Сейчас слишком много ответов одновременно. Подождите минуту и нажмите «Отправить» ещё раз: Ваши ответы остались на этой странице.', en: 'Too many answers are arriving at once. Wait a minute and press “Send” again — your answers are still on this page.' },
  storeFailed: { ru: 'Не удалось сохранить ответы. Они НЕ сохранены. Попробуйте отправить ещё раз через минуту.', en: 'Your answers could not be saved. They were NOT kept. Please try sending again in a minute.' },
  error: { ru: 'Что-то пошло не так. Ничего не сохранено.', en: 'Something went wrong. Nothing was kept.' },
  startAgain: { ru: 'Начать заново', en: 'Start again' },
  closed: { ru: 'Опрос закрыт.', en: 'The survey is closed.' },
} as const satisfies Record<string, Record<RespondentLanguage, string>> & Record<KindText, Record<RespondentLanguage, string>>;

export type TextKey = keyof typeof TEXTS;

/** The text in `lang` (Russian and English are complete; anything else falls back to English). */
export function say(key: TextKey, lang: string, vars: Readonly<Record<string, string | number>> = {}): string {
  const text: string = lang === 'ru' ? TEXTS[key].ru : TEXTS[key].en;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}
