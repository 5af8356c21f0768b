// The crypto domain's codes in the shared catalogue: the English texts are CRYPTO_MESSAGES (messages.ts), and here
// is every other UI language. Never a secret, answer or passphrase in any of them.

import { catalogue } from '../core/diagnostic.ts';
import { CRYPTO_MESSAGES, type CryptoCode } from './messages.ts';

export const CRYPTO_CODES = catalogue<CryptoCode>({
  en: CRYPTO_MESSAGES,
  ru: {
    'crypto.key.wrong-passphrase': 'этот пароль не открывает файл ключа',
    'crypto.key.damaged': 'файл ключа повреждён или обрезан (это не полный файл age, зашифрованный паролем)',
    'crypto.key.not-an-identity': 'файл ключа открылся, но в нём не секретный ключ age (AGE-SECRET-KEY-…)',
    'crypto.key.weak-work-factor': 'параметр сложности scrypt должен быть не меньше 18 (значение age по умолчанию)',
    'crypto.key.bad-recipient': 'это не получатель age того вида, для которого portas шифрует (age1pq1… или age1…)',
    'crypto.open.not-age': 'это не файл age v1 (заголовок не разбирается): он повреждён, обрезан или не является зашифрованным ответом',
    'crypto.open.wrong-key': 'запись зашифрована не для этого ключа исследования, или блок ключа в её заголовке изменён',
    'crypto.open.header-altered': 'заголовок изменён после шифрования (проверка MAC заголовка не прошла)',
    'crypto.open.payload-altered': 'зашифрованное содержимое изменено или обрезано (проверка подлинности не прошла)',
    'crypto.open.bad-padding': 'выравнивание внутри зашифрованного содержимого неканоническое (ошибка шифрования или подделка)',
    'crypto.open.bad-envelope': 'расшифрованное содержимое не является конвертом ответа portas известной версии формата',
    'crypto.open.other-study': 'запись относится к другому исследованию',
    'crypto.open.other-version': 'запись зашифрована для другой версии анкеты',
    'crypto.seal.too-large': 'ответ больше наибольшего допустимого размера зашифрованной записи',
    'crypto.seal.bad-response': 'ответ не откроется в том виде, в каком он есть (ошибка выше по цепочке): он не зашифрован',
    'crypto.share.malformed': 'это не доля ключа portas (ожидается portas-share-I-KofN-KEYID-…-CHECK)',
    'crypto.share.check-failed': 'контрольные символы доли не совпадают: она набрана с ошибкой или повреждена',
    'crypto.share.mixed-keys': 'доли относятся к разным ключам',
    'crypto.share.mixed-splits': 'доли расходятся в том, сколько их нужно (разные разбиения)',
    'crypto.share.duplicate': 'одна и та же доля указана дважды',
    'crypto.share.too-few': 'слишком мало долей, чтобы восстановить ключ',
    'crypto.share.rebuild-failed': 'доли правильного вида, но не восстанавливают названный в них ключ (смешаны доли разных разбиений?)',
    'crypto.share.bad-parameters': 'для разбиения нужно 2 ≤ порог ≤ число долей ≤ 255',
  },
});

declare module '../core/diagnostic.ts' {
  interface DiagnosticCodes {
    readonly crypto: typeof CRYPTO_CODES;
  }
}
