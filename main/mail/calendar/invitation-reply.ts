import ICAL from 'ical.js';
import MailComposer from 'nodemailer/lib/mail-composer';
import { AppError } from '../../../shared/errors';
import type { Address, InvitationAnswer } from '../../../shared/mail-models';
import type { BuiltMessage, Sender } from '../compose/build-message';
import { eventOf, parseCalendar, sameAddress } from './read-calendar-event';

// The answer to an invitation: an iTIP REPLY (RFC 5546 3.2.3) in an iMIP message (RFC 6047),
// built with ical.js from the invitation's own event. It names the same event (UID, SEQUENCE,
// RECURRENCE-ID), copies the ORGANIZER, and lists only the user, with the answer as PARTSTAT.

const PARTSTAT: Record<InvitationAnswer, string> = {
  accepted: 'ACCEPTED',
  tentative: 'TENTATIVE',
  declined: 'DECLINED',
};
const SUBJECT_PREFIX: Record<InvitationAnswer, string> = {
  accepted: 'Accepted',
  tentative: 'Tentatively accepted',
  declined: 'Declined',
};
const SENTENCE: Record<InvitationAnswer, string> = {
  accepted: 'has accepted this invitation',
  tentative: 'has tentatively accepted this invitation',
  declined: 'has declined this invitation',
};

const unreadable = () => new AppError('INVALID_INPUT', 'This invitation could not be read, so it cannot be answered.');

const organizerAddress = (value: unknown) => (typeof value === 'string' ? value.replace(/^mailto:/iu, '').trim() : '');

/** The REPLY's iCalendar text; throws when the invitation has no event or no organizer to answer. */
export function invitationReplyCalendar(ics: string, user: Sender, answer: InvitationAnswer, now: Date): string {
  const invitation = parseCalendar(ics);
  if (!invitation) throw unreadable();
  const event = eventOf(invitation);
  const organizer = event.getFirstProperty('organizer');
  const uid = event.getFirstPropertyValue('uid');
  if (!organizer || !organizerAddress(organizer.getFirstValue()) || typeof uid !== 'string') throw unreadable();

  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('prodid', '-//Harbor Mail//Invitation reply//EN');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('method', 'REPLY');
  const reply = new ICAL.Component('vevent');
  reply.addPropertyWithValue('uid', uid);
  const sequence = event.getFirstPropertyValue('sequence');
  if (sequence !== null) reply.addPropertyWithValue('sequence', sequence);
  const recurrenceId = event.getFirstProperty('recurrence-id');
  if (recurrenceId) reply.addProperty(ICAL.Property.fromString(recurrenceId.toICALString()));
  reply.addPropertyWithValue('dtstamp', ICAL.Time.fromJSDate(now, true));
  reply.addProperty(ICAL.Property.fromString(organizer.toICALString()));

  // The user's own ATTENDEE line (its CN and role kept), or a new one when the invitation went to a list.
  const listed = event
    .getAllProperties('attendee')
    .find((attendee) => sameAddress(organizerAddress(attendee.getFirstValue()), user.email));
  const attendee = listed ? ICAL.Property.fromString(listed.toICALString()) : new ICAL.Property('attendee');
  if (!listed) {
    attendee.setValue(`mailto:${user.email}`);
    if (user.displayName) attendee.setParameter('cn', user.displayName);
  }
  attendee.removeParameter('rsvp');
  attendee.setParameter('partstat', PARTSTAT[answer]);
  reply.addProperty(attendee);
  const summary = event.getFirstPropertyValue('summary');
  if (typeof summary === 'string') reply.addPropertyWithValue('summary', summary);

  // A RECURRENCE-ID in a zone needs that zone's definition alongside.
  const tzid = recurrenceId?.getParameter('tzid');
  for (const zone of invitation.getAllSubcomponents('vtimezone')) {
    if (zone.getFirstPropertyValue('tzid') === tzid) calendar.addSubcomponent(zone);
  }
  calendar.addSubcomponent(reply);
  return calendar.toString();
}

export interface InvitationMessage {
  subject: string;
  /** Message-ID of the invitation, and its References, for threading. */
  messageId: string | null;
  references: string[];
  /** Who sent the invitation, when its ORGANIZER does not name an address. */
  from: Address;
}

/**
 * The iMIP message that carries the REPLY to the organizer: multipart/alternative of a short text
 * and the text/calendar part with method=REPLY, threaded under the invitation.
 */
export async function buildInvitationReply(
  ics: string,
  invitation: InvitationMessage,
  user: Sender,
  answer: InvitationAnswer,
  options: { messageId: string; date: Date },
): Promise<BuiltMessage & { to: Address; subject: string }> {
  const calendar = invitationReplyCalendar(ics, user, answer, options.date);
  const organizer = eventOf(parseCalendar(ics)!).getFirstProperty('organizer')!;
  const cn = organizer.getParameter('cn');
  const to: Address = {
    name: typeof cn === 'string' ? cn : '',
    address: organizerAddress(organizer.getFirstValue()) || invitation.from.address,
  };
  const summary = eventOf(parseCalendar(ics)!).getFirstPropertyValue('summary');
  const title = typeof summary === 'string' && summary.trim() ? summary.trim() : invitation.subject;
  const subject = `${SUBJECT_PREFIX[answer]}: ${title}`;
  const name = user.displayName || user.email;
  const references = invitation.messageId ? [...invitation.references, invitation.messageId] : invitation.references;
  const node = new MailComposer({
    from: { name: user.displayName ?? '', address: user.email },
    to: [to],
    subject,
    text: `${name} ${SENTENCE[answer]}.`,
    alternatives: [{ contentType: 'text/calendar; charset=utf-8; method=REPLY', content: calendar }],
    messageId: `<${options.messageId}>`,
    date: options.date,
    inReplyTo: invitation.messageId ? `<${invitation.messageId}>` : undefined,
    references: references.length ? references.map((id) => `<${id}>`) : undefined,
  }).compile();
  const envelope = node.getEnvelope();
  return {
    messageId: options.messageId,
    envelope: { from: envelope.from || user.email, to: envelope.to },
    raw: new Uint8Array(await node.build()),
    to,
    subject,
  };
}
