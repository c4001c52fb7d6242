// Who writes the generated mail: people, mailing lists and automated senders. All domains are
// reserved for documentation or testing (example.*, *.test), all IPs are TEST-NET addresses.
import type { Mailbox } from './mail-mime';
import type { Language } from './mail-vocabulary';

export interface Person extends Mailbox {
  language: Language;
  /** The sender's time zone, minutes east of UTC, for the Date header. */
  utcOffset: number;
}

export interface MailingList {
  /** The List-Id value, e.g. `Harbor developers <harbor-dev.lists.example.org>`. */
  listId: string;
  address: string;
  subjectTag: string;
  language: Language;
  members: Person[];
}

type AutomatedKind = 'newsletter' | 'notification' | 'spam';

export interface AutomatedSender extends Mailbox {
  kind: AutomatedKind;
  language: Language;
}

const person = (name: string, email: string, language: Language, utcOffset: number): Person => ({
  name,
  email,
  language,
  utcOffset,
});

export const PEOPLE: readonly Person[] = [
  person('Maya Thompson', 'maya.thompson@example.com', 'en', -300),
  person('Daniel Okafor', 'daniel.okafor@example.org', 'en', 60),
  person('Priya Raman', 'priya@brightwave.test', 'en', 330),
  person("Tom O'Brien", 'tom.obrien@example.net', 'en', 0),
  person('Grace Liu', 'grace.liu@example.com', 'en', -480),
  person('Sam Carter', 'sam@harbor.test', 'en', 0),
  person('Olivia Bennett', 'olivia.bennett@example.org', 'en', 0),
  person('Carter, Marcus', 'marcus.carter@example.net', 'en', -360),
  person('Nadia Haddad', 'nadia.haddad@example.com', 'en', 120),
  person('Chris Evans-Park', 'chris@brightwave.test', 'en', -240),
  person('Jürgen Weiß', 'juergen.weiss@kontor.test', 'de', 60),
  person('Lena Schäfer', 'lena.schaefer@kontor.test', 'de', 60),
  person('Björn Krüger', 'bjoern@example.org', 'de', 60),
  person('Katrin Müller-Lüdenscheidt', 'k.mueller@kontor.test', 'de', 60),
  person('Zoë Lefèvre', 'zoe.lefevre@atelier.test', 'fr', 60),
  person('Hélène Dubois', 'helene.dubois@atelier.test', 'fr', 60),
  person('François Giraud', 'francois@example.net', 'fr', 60),
  person('José Núñez', 'jose.nunez@puerto.test', 'es', 60),
  person('Lucía Fernández', 'lucia@puerto.test', 'es', -180),
  person('Íñigo Martín', 'inigo.martin@example.com', 'es', 60),
  person('Дмитрий Соколов', 'dmitry.sokolov@sever.test', 'ru', 180),
  person('Анна Кузнецова', 'anna.k@sever.test', 'ru', 180),
  person('Ольга Иванова', 'olga@example.org', 'ru', 420),
  person('佐藤 優希', 'yuki.sato@sakura.test', 'ja', 540),
  person('山田 花子', 'hanako.yamada@sakura.test', 'ja', 540),
  person('鈴木 健太', 'kenta@example.net', 'ja', 540),
];

const byLanguage = (language: Language): Person[] => PEOPLE.filter((p) => p.language === language);

export const MAILING_LISTS: readonly MailingList[] = [
  {
    listId: 'Harbor developers <harbor-dev.lists.example.org>',
    address: 'harbor-dev@lists.example.org',
    subjectTag: '[harbor-dev] ',
    language: 'en',
    members: byLanguage('en'),
  },
  {
    listId: 'Typesetting discussion <typesetting.lists.example.net>',
    address: 'typesetting@lists.example.net',
    subjectTag: '[typesetting] ',
    language: 'en',
    members: byLanguage('en').slice(2),
  },
  {
    listId: 'Segelverein Nord <segeln.lists.kontor.test>',
    address: 'segeln@lists.kontor.test',
    subjectTag: '[Segeln] ',
    language: 'de',
    members: byLanguage('de'),
  },
  {
    listId: 'Linux users (ru) <linux-ru.lists.sever.test>',
    address: 'linux-ru@lists.sever.test',
    subjectTag: '[linux-ru] ',
    language: 'ru',
    members: byLanguage('ru'),
  },
  {
    listId: 'Tokyo users group <tug.lists.sakura.test>',
    address: 'tug@lists.sakura.test',
    subjectTag: '[tug] ',
    language: 'ja',
    members: byLanguage('ja'),
  },
];

export const AUTOMATED_SENDERS: readonly AutomatedSender[] = [
  { name: 'The Weekly Harbor', email: 'newsletter@news.example.com', kind: 'newsletter', language: 'en' },
  { name: 'Trailhead Outfitters', email: 'deals@shop.example.net', kind: 'newsletter', language: 'en' },
  { name: 'Stadtbibliothek Nord', email: 'info@bibliothek.kontor.test', kind: 'newsletter', language: 'de' },
  { name: 'Build Bot', email: 'ci@builds.example.com', kind: 'notification', language: 'en' },
  { name: 'Parcel Tracking', email: 'no-reply@parcels.example.org', kind: 'notification', language: 'en' },
  { name: 'Calendar', email: 'calendar-notification@example.com', kind: 'notification', language: 'en' },
  { name: 'Harbor Bank', email: 'statements@bank.example.net', kind: 'notification', language: 'en' },
  { name: 'Prize Department', email: 'winner@lucky-draw.example', kind: 'spam', language: 'en' },
  { name: 'Account Security', email: 'security@verify-account.example', kind: 'spam', language: 'en' },
  { name: 'Распродажа', email: 'sale@discount.example', kind: 'spam', language: 'ru' },
  { name: '特別キャンペーン', email: 'campaign@offer.example', kind: 'spam', language: 'ja' },
];

export const RELAY_HOSTS = [
  { name: 'mail-out1.example.com', ip: '192.0.2.25' },
  { name: 'smtp.example.org', ip: '198.51.100.17' },
  { name: 'mx2.example.net', ip: '203.0.113.40' },
  { name: 'outbound.mailer.example', ip: '203.0.113.201' },
];
