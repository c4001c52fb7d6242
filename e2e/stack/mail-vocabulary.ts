// Words for generated mail, per language. Sentences may hold {placeholders} that
// fillTemplate() replaces, so a few hundred lines of text give many distinct messages.
// German and Spanish text stays inside ISO-8859-1; French uses typographic quotes, the euro
// sign and the œ ligature, which only windows-1252 and UTF-8 hold; Russian fits KOI8-R and
// Japanese fits ISO-2022-JP (JIS X 0208).
import type { MailCharset } from './mail-charsets';
import type { SeededRandom } from './mail-random';

export type Language = 'en' | 'de' | 'fr' | 'es' | 'ru' | 'ja';

export interface LanguagePack {
  /** Charsets a sender of this language uses, with weights. */
  charsets: ReadonlyArray<readonly [MailCharset, number]>;
  greetings: readonly string[];
  closings: readonly string[];
  subjects: readonly string[];
  sentences: readonly string[];
  /** Attribution line above a quoted message; {date} and {name} are filled in. */
  quoteIntro: string;
  replyPrefix: string;
  /** Japanese has no spaces to wrap at: wrap by characters instead. */
  wrapColumns: number;
}

const en: LanguagePack = {
  charsets: [
    ['us-ascii', 3],
    ['utf-8', 6],
    ['windows-1252', 1],
  ],
  greetings: ['Hi {name},', 'Hello {name},', 'Hey {name},', 'Dear {name},', '{name},', 'Morning {name},'],
  closings: ['Best,', 'Thanks,', 'Cheers,', 'Kind regards,', 'Talk soon,', 'All the best,', 'Thanks again,'],
  subjects: [
    'Quarterly planning notes',
    'Lunch on {day}?',
    'Invoice {number} for {month}',
    'Draft of the {project} proposal',
    'Slides for {day}',
    'Quick question about the {project} budget',
    'Travel plans for {month}',
    'Feedback on the new onboarding flow',
    'Updated timeline for {project}',
    'Can we move our call to {time}?',
    'Notes from the design review',
    'Photos from the weekend',
    'Contract renewal',
    'Hiring panel for the backend role',
    'Reminder: expense reports due {day}',
    'Server maintenance window',
    'Book club pick for {month}',
    'Birthday plans for {name}',
    'Following up on our conversation',
    'Roadmap review',
    'Migration checklist for {project}',
    'Welcome to the team!',
    'Conference talk submission',
    'Your thoughts on the pricing page?',
    'Offsite venue options',
    'Weekly status: {project}',
    'Security review findings',
    'Apartment viewing on {day}',
    'Recipe you asked about',
    'Customer escalation: ticket {number}',
  ],
  sentences: [
    'I went through the numbers again and they look reasonable to me.',
    'Could you take a look before {day} and let me know what you think?',
    'The meeting is now at {time} in the small conference room.',
    'We are still waiting for the final figures from finance.',
    'I attached the latest version, the changes are in section {small}.',
    'Let me know if {time} works for you, otherwise I am free after lunch.',
    'The team agreed to push the release by about {small} days.',
    'Thanks for pulling this together so quickly.',
    'I think we should keep the scope small for the first iteration.',
    'The client asked whether we could deliver the first milestone in {month}.',
    'There is a small typo on the second slide, otherwise it looks great.',
    'I will be out of office from {day} until the end of the week.',
    'Please remember to book your travel through the usual portal.',
    'The new build fixes the crash we saw on startup.',
    'Can you forward me the contact details of the vendor?',
    'We tested the migration on staging and it took about {small} minutes.',
    'I am not sure the estimate accounts for the review cycle.',
    'Happy to jump on a call if that is easier.',
    'The invoice total is {amount}, payable within thirty days.',
    'It would help to have a rough outline by the end of the month.',
    'Our current plan is to ship the beta to {small} customers first.',
    'The venue can host up to {number} people and has good transit links.',
    'I added a few comments inline; nothing blocking.',
    'We should probably loop in legal before we sign anything.',
    'The dashboard shows a spike in errors around {time} yesterday.',
    'I moved the shared folder, the old link no longer works.',
    'Would you be available to review the hiring packet this week?',
    'The weather looks good for the hike on {day}.',
    'The kids loved the museum, thanks again for the tip.',
    'I finally finished the book, the ending was a surprise.',
    'The parcel should arrive on {day} between nine and noon.',
    'Our landlord confirmed the repairs for next {day}.',
    'The numbers for {month} came in slightly above forecast.',
    'Let us keep this thread for the {project} discussion.',
    'I booked the table for {small} at {time}.',
    'We might need a second opinion on the database design.',
    'Attendance at the workshop was better than expected.',
    'Let me know if anything is unclear or missing.',
    'I copied the relevant people so they can weigh in.',
    'The draft is rough, but the structure should be clear.',
    'That’s a great idea — let’s try it next sprint.',
    'Congrats on the launch 🎉 the whole team is thrilled.',
    'See you at the café on {day} ☕',
  ],
  quoteIntro: 'On {date}, {name} wrote:',
  replyPrefix: 'Re: ',
  wrapColumns: 72,
};

const de: LanguagePack = {
  charsets: [
    ['iso-8859-1', 4],
    ['utf-8', 4],
    ['windows-1252', 1],
  ],
  greetings: ['Hallo {name},', 'Liebe {name},', 'Guten Tag {name},', 'Moin {name},'],
  closings: ['Viele Grüße', 'Beste Grüße', 'Schöne Grüße', 'Mit freundlichen Grüßen', 'Bis bald'],
  subjects: [
    'Unterlagen für die Besprechung am {day}',
    'Rückfrage zum Angebot {number}',
    'Terminvorschlag für nächste Woche',
    'Änderungen im Testsystem',
    'Protokoll der Sitzung vom Dienstag',
    'Grüße aus München',
    'Urlaubsplanung für {month}',
    'Übergabe des Projekts {project}',
    'Kurze Frage zur Abrechnung',
    'Einladung zum Sommerfest',
  ],
  sentences: [
    'Anbei die Unterlagen für die Besprechung am {day}.',
    'Könnt ihr bitte bis Freitag Rückmeldung geben?',
    'Die Änderungen sind jetzt im Testsystem verfügbar.',
    'Ich habe die Zahlen noch einmal überprüft, sie stimmen.',
    'Für Rückfragen stehe ich gern zur Verfügung.',
    'Der Termin um {time} passt mir leider nicht.',
    'Wir müssen die Kosten für {month} noch einmal prüfen.',
    'Die Lieferung verzögert sich um etwa {small} Tage.',
    'Das Büro bleibt am Brückentag geschlossen.',
    'Bitte denkt an die Abgabe der Reisekostenabrechnung.',
    'Ich bin ab {day} wieder im Büro erreichbar.',
    'Die Präsentation ist fast fertig, es fehlen nur noch die Grafiken.',
    'Wir treffen uns um {time} vor dem Haupteingang.',
    'Danke für die schnelle Antwort und die ausführliche Erklärung.',
    'Der Kunde möchte das Angebot über {amount} bis Monatsende.',
    'Schöne Grüße auch an das ganze Team in Köln.',
    'Können wir das Thema in der nächsten Woche besprechen?',
    'Die Straßenbahn fällt wegen Bauarbeiten aus, bitte plant mehr Zeit ein.',
  ],
  quoteIntro: 'Am {date} schrieb {name}:',
  replyPrefix: 'AW: ',
  wrapColumns: 72,
};

const fr: LanguagePack = {
  charsets: [
    ['windows-1252', 4],
    ['utf-8', 4],
  ],
  greetings: ['Bonjour {name},', 'Bonjour à tous,', 'Cher {name},', 'Salut {name},'],
  closings: ['Bien cordialement,', 'Bonne journée,', 'À bientôt,', 'Merci d’avance,'],
  subjects: [
    'Compte rendu de la réunion de mardi',
    'Devis n° {number}',
    'Préparation du séminaire de {month}',
    'Budget prévisionnel – version {small}',
    'Réservation de la salle pour {day}',
    'Question sur la facture de {month}',
    'Invitation : dîner de l’équipe',
    'Mise à jour du projet {project}',
  ],
  sentences: [
    'Voici le compte rendu de la réunion de mardi.',
    'N’hésitez pas à me contacter si vous avez des questions.',
    'Le budget prévu est de {amount} pour l’ensemble de l’œuvre.',
    'La réunion est déplacée à {time}, salle « Atlantique ».',
    'Pourriez-vous relire le document avant {day} ?',
    'Nous avons reçu la livraison avec un peu de retard.',
    'Le devis comprend l’installation et la formation – rien de plus.',
    'Je serai en congé jusqu’à la fin du mois.',
    'Merci pour votre réponse rapide et très complète.',
    'Les inscriptions au séminaire ferment dans {small} jours.',
    'Il reste quelques points à éclaircir avec le fournisseur.',
    'Nous prévoyons une première démonstration en {month}.',
    'Le café d’accueil est servi à partir de huit heures.',
    'J’ai ajouté mes remarques directement dans le fichier.',
    'Pensez à réserver l’hôtel assez tôt, c’est la haute saison.',
  ],
  quoteIntro: 'Le {date}, {name} a écrit :',
  replyPrefix: 'RE: ',
  wrapColumns: 72,
};

const es: LanguagePack = {
  charsets: [
    ['iso-8859-1', 3],
    ['utf-8', 5],
  ],
  greetings: ['Hola {name},', 'Buenos días {name},', 'Estimado {name}:', '¡Hola a todos!'],
  closings: ['Un saludo,', 'Saludos cordiales,', 'Un abrazo,', 'Gracias de antemano,'],
  subjects: [
    'Reunión del {day}',
    '¿Quedamos para comer?',
    'Presupuesto para la campaña de {month}',
    'Documentación pendiente',
    'Cambios en el calendario de pagos',
    'Información sobre la conferencia',
  ],
  sentences: [
    'Te envío la información que me pediste ayer.',
    '¿Podrías revisar el documento antes del {day}?',
    'La reunión empezará a las {time} en la oficina de Sevilla.',
    'El presupuesto total asciende a {amount}.',
    'Mañana no podré asistir, lo siento mucho.',
    'Hemos recibido la confirmación del cliente.',
    'Quedan {small} puntos por aclarar con el equipo técnico.',
    'Gracias por tu paciencia durante la migración.',
    'La próxima semana estaré de viaje por trabajo.',
    'Adjunto el informe con los últimos cambios.',
    'El año pasado la participación fue mucho mayor.',
    'Por favor, confirma tu asistencia antes del viernes.',
  ],
  quoteIntro: 'El {date}, {name} escribió:',
  replyPrefix: 'RE: ',
  wrapColumns: 72,
};

const ru: LanguagePack = {
  charsets: [
    ['koi8-r', 4],
    ['utf-8', 4],
  ],
  greetings: ['Добрый день, {name}!', 'Привет, {name}!', 'Здравствуйте, {name}!', 'Коллеги, добрый день!'],
  closings: ['С уважением,', 'Спасибо,', 'Всего доброго,', 'До встречи,'],
  subjects: [
    'Отчёт за {month}',
    'Встреча переносится на четверг',
    'Вопрос по договору {number}',
    'План работ на следующую неделю',
    'Новая версия документации',
    'Поздравляем с праздником!',
  ],
  sentences: [
    'Отправляю отчёт за прошлый месяц.',
    'Посмотри, пожалуйста, когда будет время.',
    'Встреча переносится на четверг, на {time}.',
    'Мы проверили все расчёты, ошибок не нашли.',
    'Сервер будет недоступен около {small} часов.',
    'Прошу подтвердить участие до пятницы.',
    'Заказчик попросил добавить ещё один раздел.',
    'Сумма по договору составляет {amount}.',
    'Все материалы лежат в общей папке проекта.',
    'Спасибо за быстрый ответ и подробные пояснения.',
    'Следующий выпуск запланирован на {month}.',
    'Ёлку в офисе поставим в понедельник.',
  ],
  quoteIntro: '{date}, {name} пишет:',
  replyPrefix: 'Re: ',
  wrapColumns: 64,
};

const ja: LanguagePack = {
  charsets: [
    ['iso-2022-jp', 4],
    ['utf-8', 4],
  ],
  greetings: ['{name}様', '{name}さん', 'お疲れ様です。', '皆様'],
  closings: ['よろしくお願いいたします。', '以上です。', 'ご確認ください。', 'ありがとうございました。'],
  subjects: [
    '来週の会議について',
    '資料送付のご連絡',
    '見積書の件',
    '打ち合わせ日程の調整',
    '出張報告',
    'システム更新のお知らせ',
  ],
  sentences: [
    '来週の会議の資料を送ります。',
    'ご確認をお願いします。',
    '打ち合わせは{time}からに変更になりました。',
    '見積書を添付しましたので、ご査収ください。',
    '先日はお時間をいただき、ありがとうございました。',
    '出張の報告書は明日までに提出します。',
    '何か不明な点があれば、お気軽にご連絡ください。',
    '新しいシステムは{month}から利用できます。',
    '会議室の予約は完了しています。',
    '修正版を共有フォルダに保存しました。',
    '本日の作業はすべて終了しました。',
    '担当者が変更になりましたので、お知らせします。',
  ],
  quoteIntro: '{date} {name}さんは書きました:',
  replyPrefix: 'Re: ',
  wrapColumns: 36,
};

export const LANGUAGES: Record<Language, LanguagePack> = { en, de, fr, es, ru, ja };

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const MONTH_NAMES = ['January', 'March', 'April', 'June', 'September', 'October', 'November'];
const PROJECTS = ['Lighthouse', 'Tidewater', 'Anchor', 'Compass', 'Driftwood', 'Keel', 'Mooring', 'Beacon'];
const TIMES = ['9:30', '10:00', '11:15', '13:00', '14:30', '16:00', '17:45'];
const CURRENCIES = ['€', '$', '£'];
const FIRST_NAMES = ['Maya', 'Daniel', 'Priya', 'Tom', 'Grace', 'Lena', 'Zoë', 'José'];

/** Replace {day}, {month}, {project}, {time}, {number}, {small}, {amount} and {name} (a random one if not given). */
export function fillTemplate(template: string, random: SeededRandom, name = ''): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    switch (key) {
      case 'day':
        return random.pick(DAY_NAMES);
      case 'month':
        return random.pick(MONTH_NAMES);
      case 'project':
        return random.pick(PROJECTS);
      case 'time':
        return random.pick(TIMES);
      case 'number':
        return String(random.int(1000, 99999));
      case 'small':
        return String(random.int(2, 12));
      case 'amount':
        return `${random.pick(CURRENCIES)}${random.int(3, 950) * 100}`;
      case 'name':
        return name || random.pick(FIRST_NAMES);
      default:
        return whole;
    }
  });
}

/** English-language fillers used by newsletters and automated mail. */
export const HEADLINES = [
  'Five small changes that make a big difference',
  'What we learned from a year of remote work',
  'The quiet return of the paper notebook',
  'How the harbor district got its new ferry line',
  'A beginner’s guide to sourdough',
  'Ten trails worth the early start',
  'Why your spreadsheets keep breaking',
  'Inside the workshop that restores old sailboats',
  'The case for slower software releases',
  'Our favourite reads of the season',
  'Meet the volunteers behind the night market',
  'Planning a garden for dry summers',
];
