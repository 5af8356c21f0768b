// Every text portas itself shows a respondent, one complete catalogue per language. Instrument texts come from the study.
// A study may declare only languages listed here: a declared language without a catalogue is a load error, never English.

const RU = {
  next: 'Далее',
  finish: 'Отправить ответы',
  back: 'Назад',
  withdraw: 'Прекратить участие',
  withdrawTitle: 'Прекратить участие?',
  withdrawText: 'Если Вы прекратите сейчас, ни один из Ваших ответов не будет сохранён — ни с этой страницы, ни с предыдущих. Вернуть их будет нельзя.',
  withdrawConfirm: 'Да, прекратить и ничего не сохранять',
  withdrawCancel: 'Нет, вернуться к вопросам',
  withdrawn: 'Вы прекратили участие. Ничего из Ваших ответов не сохранено. Можно закрыть эту страницу.',
  page: 'Страница {n} из {total}',
  dontKnow: 'Затрудняюсь ответить',
  refused: 'Предпочитаю не отвечать',
  language: 'Язык',
  fixErrors: 'Пожалуйста, проверьте:',
  errInteger: 'Введите целое число от {min} до {max} цифрами или оставьте поле пустым.',
  errChoice: 'Такого варианта ответа нет.',
  errTooLong: 'Ответ длиннее {max} символов.',
  errExclusive: 'Вариант «{label}» нельзя сочетать с другими — снимите лишние отметки.',
  errOneAnswer: 'Выберите один ответ.',
  couponLabel: 'Код приглашения',
  couponHint: 'Код вида ABCD-EFGH-JKM от человека, который Вас пригласил.',
  start: 'Начать',
  couponMalformed: 'В коде опечатка. Проверьте его и попробуйте ещё раз.',
  couponUnknown: 'Такого кода нет. Проверьте его и попробуйте ещё раз.',
  couponUsed: 'Этот код уже использован. Каждый код действует один раз — попросите новый у того, кто Вас пригласил.',
  couponExpired: 'Срок действия этого кода истёк.',
  runBy: 'Исследование проводит',
  contact: 'Связаться с исследователями',
  ethics: 'Одобрение этического комитета',
  couponsTitle: 'Пригласите других',
  couponsText: 'Если Вы знаете людей, которые могли бы ответить на этот опрос, передайте каждому по одному коду вместе с адресом опроса. Каждый код действует один раз. Коды не связаны с Вашим именем, и по ним нельзя узнать Ваши ответы.',
  surveyAddress: 'Адрес опроса',
  onionAddress: 'Адрес для Tor Browser',
  safeTitle: 'Как передать код безопасно',
  safePrivate: 'Лично или в личном сообщении в надёжном мессенджере (например, Signal) — каждому человеку свой код.',
  safeNoGroups: 'Не публикуйте коды в групповых чатах, каналах и соцсетях: код действует один раз, и воспользоваться им может кто угодно.',
  safeDelete: 'Когда передадите коды, удалите записку или сообщение, где они записаны.',
  notShownAgain: 'Когда Вы закроете эту страницу, показать эти коды снова не сможет никто — даже мы: мы храним их в виде, который сами не можем прочитать. Перепишите их сейчас или сохраните текстом.',
  saveText: 'Сохранить коды и адрес текстом',
  yourCodes: 'Ваши коды для приглашения',
  unlinkedNotice: 'Кто-то только что закончил опрос с тем же кодом приглашения, что и у Вас. Вы можете продолжить: Ваши ответы будут сохранены, но отдельно — без связи с тем, кто Вас пригласил. Или прекратите участие внизу страницы.',
  unlinkedThanks: 'К концу опроса Ваш код приглашения уже нельзя было использовать: им успел воспользоваться кто-то другой или истёк его срок. Ваши ответы всё равно сохранены — отдельно, без связи с тем, кто Вас пригласил.',
  formExpired: 'Страница устарела (прошло слишком много времени). Ваши ответы не сохранены — начните, пожалуйста, заново.',
  formInvalid: 'Страница была изменена или повреждена, поэтому мы не можем её принять. Ничего не сохранено.',
  badRequest: 'Мы не смогли прочитать отправленные данные. Ничего не сохранено.',
  tooLarge: 'Отправлено слишком много текста. Ничего не сохранено.',
  notFound: 'Такой страницы нет.',
  busy: 'Сейчас слишком много ответов одновременно. Подождите минуту и нажмите «Отправить» ещё раз: Ваши ответы остались на этой странице.',
  storeFailed: 'Не удалось сохранить ответы. Они НЕ сохранены. Попробуйте отправить ещё раз через минуту.',
  error: 'Что-то пошло не так. Ничего не сохранено.',
  startAgain: 'Начать заново',
  closed: 'Опрос закрыт.',
};

export type TextKey = keyof typeof RU;
type Catalogue = Readonly<Record<TextKey, string>>;

const EN: Catalogue = {
  next: 'Next',
  finish: 'Send my answers',
  back: 'Back',
  withdraw: 'Stop taking part',
  withdrawTitle: 'Stop taking part?',
  withdrawText: 'If you stop now, none of your answers will be kept — neither from this page nor from earlier ones. They cannot be recovered.',
  withdrawConfirm: 'Yes, stop and keep nothing',
  withdrawCancel: 'No, go back to the questions',
  withdrawn: 'You have stopped. None of your answers were kept. You may close this page.',
  page: 'Page {n} of {total}',
  dontKnow: "Don't know",
  refused: 'Prefer not to answer',
  language: 'Language',
  fixErrors: 'Please check:',
  errInteger: 'Enter a whole number from {min} to {max} in digits, or leave it empty.',
  errChoice: 'This answer is not one of the options.',
  errTooLong: 'The answer is longer than {max} characters.',
  errExclusive: '“{label}” cannot be combined with other answers — untick the ones that do not apply.',
  errOneAnswer: 'Choose one answer.',
  couponLabel: 'Invitation code',
  couponHint: 'A code like ABCD-EFGH-JKM from the person who invited you.',
  start: 'Start',
  couponMalformed: 'This code has a typing error. Please check it and try again.',
  couponUnknown: 'This code does not exist. Please check it and try again.',
  couponUsed: 'This code has already been used. Each code works once — ask the person who invited you for a new one.',
  couponExpired: 'This code has expired.',
  runBy: 'Study run by',
  contact: 'Contact the researchers',
  ethics: 'Ethics approval',
  couponsTitle: 'Invite others',
  couponsText: 'If you know people who could take this survey, give each of them one code together with the survey address. Each code works once. The codes are not tied to your name and reveal none of your answers.',
  surveyAddress: 'Survey address',
  onionAddress: 'Address for Tor Browser',
  safeTitle: 'How to pass a code on safely',
  safePrivate: 'In person, or in a private message in a messenger you trust (Signal, for example) — one code per person.',
  safeNoGroups: 'Do not post codes in group chats, channels or social media: a code works once, and anyone could take it.',
  safeDelete: 'Once you have passed the codes on, delete the note or message that holds them.',
  notShownAgain: 'Once you close this page, nobody can show you these codes again — not even us: we store them in a form we cannot read ourselves. Write them down now or save them as text.',
  saveText: 'Save the codes and address as text',
  yourCodes: 'Your invitation codes',
  unlinkedNotice: 'Someone has just finished the survey with the same invitation code as yours. You may go on: your answers will be kept, but separately — not linked to the person who invited you. Or stop at the bottom of the page.',
  unlinkedThanks: 'By the end of the survey your invitation code could no longer be used: someone else used it first, or it expired. Your answers were still kept — separately, not linked to the person who invited you.',
  formExpired: 'This page has expired (too much time has passed). Nothing was kept — please start again.',
  formInvalid: 'This page was altered or damaged, so we cannot accept it. Nothing was kept.',
  badRequest: 'We could not read what was sent. Nothing was kept.',
  tooLarge: 'Too much text was sent. Nothing was kept.',
  notFound: 'There is no such page.',
  busy: 'Too many answers are arriving at once. Wait a minute and press “Send” again — your answers are still on this page.',
  storeFailed: 'Your answers could not be saved. They were NOT kept. Please try sending again in a minute.',
  error: 'Something went wrong. Nothing was kept.',
  startAgain: 'Start again',
  closed: 'The survey is closed.',
};

/** Serbian in Latin script (the script most Serbian websites and messengers use). */
const SR: Catalogue = {
  next: 'Dalje',
  finish: 'Pošalji odgovore',
  back: 'Nazad',
  withdraw: 'Prekini učešće',
  withdrawTitle: 'Da li želite da prekinete učešće?',
  withdrawText: 'Ako sada prekinete, nijedan Vaš odgovor neće biti sačuvan — ni sa ove strane ni sa prethodnih. Nećete moći da ih vratite.',
  withdrawConfirm: 'Da, prekini i ne čuvaj ništa',
  withdrawCancel: 'Ne, vrati me na pitanja',
  withdrawn: 'Prekinuli ste učešće. Nijedan Vaš odgovor nije sačuvan. Možete da zatvorite ovu stranicu.',
  page: 'Strana {n} od {total}',
  dontKnow: 'Ne znam',
  refused: 'Ne želim da odgovorim',
  language: 'Jezik',
  fixErrors: 'Molimo Vas, proverite:',
  errInteger: 'Upišite ceo broj od {min} do {max} ciframa ili ostavite polje prazno.',
  errChoice: 'Ovaj odgovor nije među ponuđenima.',
  errTooLong: 'Odgovor je duži od {max} znakova.',
  errExclusive: 'Odgovor „{label}” ne može da se kombinuje sa drugima — uklonite suvišne oznake.',
  errOneAnswer: 'Izaberite jedan odgovor.',
  couponLabel: 'Pozivni kod',
  couponHint: 'Kod oblika ABCD-EFGH-JKM koji ste dobili od osobe koja Vas je pozvala.',
  start: 'Počni',
  couponMalformed: 'U kodu je greška u kucanju. Proverite ga i pokušajte ponovo.',
  couponUnknown: 'Takav kod ne postoji. Proverite ga i pokušajte ponovo.',
  couponUsed: 'Ovaj kod je već iskorišćen. Svaki kod važi samo jednom — zamolite osobu koja Vas je pozvala za novi.',
  couponExpired: 'Ovom kodu je istekao rok važenja.',
  runBy: 'Istraživanje sprovodi',
  contact: 'Kontakt sa istraživačima',
  ethics: 'Odobrenje etičkog odbora',
  couponsTitle: 'Pozovite druge',
  couponsText: 'Ako poznajete ljude koji bi mogli da popune ovu anketu, dajte svakome po jedan kod zajedno sa adresom ankete. Svaki kod važi samo jednom. Kodovi nisu povezani sa Vašim imenom i ne otkrivaju Vaše odgovore.',
  surveyAddress: 'Adresa ankete',
  onionAddress: 'Adresa za Tor Browser',
  safeTitle: 'Kako da bezbedno prosledite kod',
  safePrivate: 'Lično ili privatnom porukom u aplikaciji kojoj verujete (na primer, Signal) — svakoj osobi po jedan kod.',
  safeNoGroups: 'Ne objavljujte kodove u grupnim četovima, kanalima ni na društvenim mrežama: kod važi samo jednom i svako može da ga iskoristi.',
  safeDelete: 'Kada prosledite kodove, obrišite belešku ili poruku u kojoj su zapisani.',
  notShownAgain: 'Kada zatvorite ovu stranicu, niko više neće moći da Vam pokaže ove kodove — čak ni mi: čuvamo ih u obliku koji ni sami ne možemo da pročitamo. Prepišite ih sada ili ih sačuvajte kao tekst.',
  saveText: 'Sačuvaj kodove i adresu kao tekst',
  yourCodes: 'Vaši pozivni kodovi',
  unlinkedNotice: 'Neko je upravo završio anketu sa istim pozivnim kodom kao Vaš. Možete da nastavite: Vaši odgovori biće sačuvani, ali posebno — bez veze sa osobom koja Vas je pozvala. Ili prekinite učešće na dnu stranice.',
  unlinkedThanks: 'Do kraja ankete Vaš pozivni kod više nije mogao da se iskoristi: neko drugi ga je iskoristio pre Vas ili mu je istekao rok. Vaši odgovori su ipak sačuvani — posebno, bez veze sa osobom koja Vas je pozvala.',
  formExpired: 'Stranica je zastarela (prošlo je previše vremena). Vaši odgovori nisu sačuvani — molimo Vas, počnite ispočetka.',
  formInvalid: 'Stranica je izmenjena ili oštećena, pa ne možemo da je prihvatimo. Ništa nije sačuvano.',
  badRequest: 'Nismo uspeli da pročitamo poslate podatke. Ništa nije sačuvano.',
  tooLarge: 'Poslato je previše teksta. Ništa nije sačuvano.',
  notFound: 'Takva stranica ne postoji.',
  busy: 'Trenutno stiže previše odgovora odjednom. Sačekajte minut i ponovo pritisnite „Pošalji”: Vaši odgovori su i dalje na ovoj stranici.',
  storeFailed: 'Odgovori nisu mogli da se sačuvaju. NISU sačuvani. Pokušajte ponovo da ih pošaljete za minut.',
  error: 'Nešto nije u redu. Ništa nije sačuvano.',
  startAgain: 'Počni ispočetka',
  closed: 'Anketa je zatvorena.',
};

const UK: Catalogue = {
  next: 'Далі',
  finish: 'Надіслати відповіді',
  back: 'Назад',
  withdraw: 'Припинити участь',
  withdrawTitle: 'Припинити участь?',
  withdrawText: 'Якщо Ви припините зараз, жодну з Ваших відповідей не буде збережено — ні з цієї сторінки, ні з попередніх. Повернути їх буде неможливо.',
  withdrawConfirm: 'Так, припинити й нічого не зберігати',
  withdrawCancel: 'Ні, повернутися до питань',
  withdrawn: 'Ви припинили участь. Жодну з Ваших відповідей не збережено. Цю сторінку можна закрити.',
  page: 'Сторінка {n} з {total}',
  dontKnow: 'Важко відповісти',
  refused: 'Волію не відповідати',
  language: 'Мова',
  fixErrors: 'Будь ласка, перевірте:',
  errInteger: 'Введіть ціле число від {min} до {max} цифрами або залиште поле порожнім.',
  errChoice: 'Такого варіанта відповіді немає.',
  errTooLong: 'Відповідь довша за {max} символів.',
  errExclusive: 'Варіант «{label}» не можна поєднувати з іншими — зніміть зайві позначки.',
  errOneAnswer: 'Оберіть одну відповідь.',
  couponLabel: 'Код запрошення',
  couponHint: 'Код вигляду ABCD-EFGH-JKM від людини, яка Вас запросила.',
  start: 'Почати',
  couponMalformed: 'У коді помилка. Перевірте його та спробуйте ще раз.',
  couponUnknown: 'Такого коду немає. Перевірте його та спробуйте ще раз.',
  couponUsed: 'Цей код уже використано. Кожен код діє лише один раз — попросіть новий у того, хто Вас запросив.',
  couponExpired: 'Термін дії цього коду минув.',
  runBy: 'Дослідження проводить',
  contact: 'Звʼязатися з дослідниками',
  ethics: 'Схвалення етичного комітету',
  couponsTitle: 'Запросіть інших',
  couponsText: 'Якщо Ви знаєте людей, які могли б відповісти на це опитування, передайте кожному по одному коду разом з адресою опитування. Кожен код діє лише один раз. Коди не повʼязані з Вашим імʼям, і за ними неможливо дізнатися Ваші відповіді.',
  surveyAddress: 'Адреса опитування',
  onionAddress: 'Адреса для Tor Browser',
  safeTitle: 'Як безпечно передати код',
  safePrivate: 'Особисто або в особистому повідомленні в надійному месенджері (наприклад, Signal) — кожній людині свій код.',
  safeNoGroups: 'Не публікуйте коди в групових чатах, каналах і соцмережах: код діє лише один раз, і скористатися ним може будь-хто.',
  safeDelete: 'Коли передасте коди, видаліть нотатку чи повідомлення, де їх записано.',
  notShownAgain: 'Коли Ви закриєте цю сторінку, ніхто не зможе показати Вам ці коди знову — навіть ми: ми зберігаємо їх у вигляді, який самі не можемо прочитати. Перепишіть їх зараз або збережіть як текст.',
  saveText: 'Зберегти коди й адресу як текст',
  yourCodes: 'Ваші коди для запрошення',
  unlinkedNotice: 'Хтось щойно завершив опитування з тим самим кодом запрошення, що й у Вас. Ви можете продовжити: Ваші відповіді буде збережено, але окремо — без звʼязку з тим, хто Вас запросив. Або припиніть участь унизу сторінки.',
  unlinkedThanks: 'До кінця опитування Ваш код запрошення вже не можна було використати: ним устиг скористатися хтось інший або минув його термін. Ваші відповіді все одно збережено — окремо, без звʼязку з тим, хто Вас запросив.',
  formExpired: 'Сторінка застаріла (минуло забагато часу). Ваші відповіді не збережено — будь ласка, почніть заново.',
  formInvalid: 'Сторінку було змінено або пошкоджено, тому ми не можемо її прийняти. Нічого не збережено.',
  badRequest: 'Нам не вдалося прочитати надіслані дані. Нічого не збережено.',
  tooLarge: 'Надіслано забагато тексту. Нічого не збережено.',
  notFound: 'Такої сторінки немає.',
  busy: 'Зараз надходить забагато відповідей одночасно. Зачекайте хвилину й знову натисніть «Надіслати»: Ваші відповіді залишилися на цій сторінці.',
  storeFailed: 'Не вдалося зберегти відповіді. Їх НЕ збережено. Спробуйте надіслати ще раз за хвилину.',
  error: 'Щось пішло не так. Нічого не збережено.',
  startAgain: 'Почати заново',
  closed: 'Опитування закрито.',
};

const CATALOGUES: Readonly<Record<string, Catalogue>> = { ru: RU, en: EN, sr: SR, uk: UK };

/** The languages the respondent pages can be shown in. */
export const RESPONDENT_LANGUAGES: readonly string[] = Object.keys(CATALOGUES);

/** Each language's name in itself, for the language switch. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = { ru: 'Русский', en: 'English', sr: 'Srpski', uk: 'Українська' };

/**
 * The problems that make `languages` unusable for respondent pages: a language with no catalogue, or a
 * catalogue with an empty message. Checked when a study loads, so a page never falls back to another language.
 */
export function catalogueProblems(languages: readonly string[]): string[] {
  const problems: string[] = [];
  for (const lang of languages) {
    const catalogue = CATALOGUES[lang];
    if (catalogue === undefined) {
      problems.push(`language '${lang}' has no respondent page messages (available: ${RESPONDENT_LANGUAGES.join(', ')})`);
      continue;
    }
    const empty = (Object.keys(RU) as TextKey[]).filter((k) => catalogue[k].trim() === '');
    if (empty.length > 0) problems.push(`language '${lang}' is missing respondent page messages: ${empty.join(', ')}`);
  }
  return problems;
}

/** The text in `lang`. A language without a catalogue is refused when the study loads; here it is a bug. */
export function say(key: TextKey, lang: string, vars: Readonly<Record<string, string | number>> = {}): string {
  const catalogue = CATALOGUES[lang];
  if (catalogue === undefined) throw new Error(`no respondent page messages in '${lang}'`);
  return catalogue[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}
