import {
  CalendarX,
  Check,
  CircleHelp,
  Clock,
  MapPin,
  Repeat,
  UserRound,
  Users,
  X,
  type LucideIcon,
} from 'lucide-react';
import { useState } from 'react';
import { IpcError, type Client } from '../../../shared/ipc/client';
import type { CalendarEvent, EventPerson, InvitationAnswer, Participation } from '../../../shared/mail-models';
import { eventTile, eventWhen, organizerWhen } from './event-times';

// The event of an invitation, a cancellation or an answer, drawn by the app from what the main
// side read with ical.js: plain text in app UI, never the message's HTML.

const STATUS_WORDS: Record<Participation, string> = {
  'needs-action': 'Not answered',
  accepted: 'Accepted',
  tentative: 'Tentative',
  declined: 'Declined',
  delegated: 'Delegated',
};
const ANSWERED_WORDS: Record<Participation, string> = {
  'needs-action': 'has not answered',
  accepted: 'accepted',
  tentative: 'tentatively accepted',
  declined: 'declined',
  delegated: 'delegated',
};
const ANSWERS: { answer: InvitationAnswer; label: string; icon: LucideIcon }[] = [
  { answer: 'accepted', label: 'Accept', icon: Check },
  { answer: 'tentative', label: 'Tentative', icon: CircleHelp },
  { answer: 'declined', label: 'Decline', icon: X },
];
const SHOWN_ATTENDEES = 8;

const nameOf = (person: EventPerson) => person.name || person.address;

function headline(event: CalendarEvent): string {
  if (event.cancelled) return 'Event cancelled';
  if (event.method === 'reply') {
    const answered = event.attendees[0];
    return answered ? `${nameOf(answered)} ${ANSWERED_WORDS[answered.status ?? 'needs-action']}` : 'Invitation answer';
  }
  if (event.method === 'request') return event.organizer ? `Invitation from ${nameOf(event.organizer)}` : 'Invitation';
  return 'Event';
}

function Detail({ icon: Icon, label, children }: { icon: LucideIcon; label: string; children: React.ReactNode }) {
  return (
    <div className="event-detail">
      <dt>
        <Icon size={16} strokeWidth={1.75} aria-hidden="true" />
        <span className="visually-hidden">{label}</span>
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

function Attendees({ people }: { people: EventPerson[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? people : people.slice(0, SHOWN_ATTENDEES);
  return (
    <>
      <ul className="event-attendees" aria-label="Attendees">
        {shown.map((person, index) => (
          <li key={`${person.address}-${index}`}>
            <span className="event-person">
              {nameOf(person)}
              {person.you && ' (you)'}
              {person.optional && <span className="event-optional"> · optional</span>}
            </span>
            {person.status !== null && (
              <span className={`event-status event-status-${person.status}`}>{STATUS_WORDS[person.status]}</span>
            )}
          </li>
        ))}
      </ul>
      {people.length > shown.length && (
        <button type="button" className="secondary small" onClick={() => setAll(true)}>
          Show all {people.length} attendees
        </button>
      )}
    </>
  );
}

/** Accept, Tentative and Decline: each sends an iTIP REPLY to the organizer at once. */
function AnswerButtons({
  client,
  messageId,
  current,
}: {
  client: Client;
  messageId: number;
  current: Participation | null;
}) {
  const [answered, setAnswered] = useState<Participation | null>(current);
  const [sending, setSending] = useState<InvitationAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const answer = async (choice: InvitationAnswer) => {
    setSending(choice);
    setError(null);
    try {
      await client.call('mail.answerInvitation', { messageId, answer: choice });
      setAnswered(choice);
    } catch (failure) {
      setError(failure instanceof IpcError ? failure.message : 'Your answer could not be sent.');
    } finally {
      setSending(null);
    }
  };
  const status =
    answered === null || answered === 'needs-action'
      ? 'You have not answered yet.'
      : `Your answer: ${STATUS_WORDS[answered]}. It goes to the organizer through your Outbox.`;
  return (
    <div className="event-answer">
      <p className="event-your-status" role="status">
        {sending !== null ? 'Sending your answer…' : status}
      </p>
      <div className="event-answer-buttons" role="group" aria-label="Answer the invitation">
        {ANSWERS.map(({ answer: choice, label, icon: Icon }) => (
          <button
            key={choice}
            type="button"
            className={answered === choice ? undefined : 'secondary'}
            aria-pressed={answered === choice}
            disabled={sending !== null}
            onClick={() => void answer(choice)}
          >
            <Icon size={16} strokeWidth={2} aria-hidden="true" />
            {label}
          </button>
        ))}
      </div>
      {error !== null && <p role="alert">{error}</p>}
    </div>
  );
}

export function EventCard({ client, messageId, event }: { client: Client; messageId: number; event: CalendarEvent }) {
  const tile = eventTile(event);
  const theirs = organizerWhen(event);
  const title = headline(event);
  return (
    <section className={event.cancelled ? 'event-card event-card-cancelled' : 'event-card'} aria-label={title}>
      <div className="event-tile" aria-hidden="true">
        {event.cancelled ? (
          <CalendarX size={28} strokeWidth={1.5} />
        ) : (
          <>
            <span className="event-tile-month">{tile.month}</span>
            <span className="event-tile-day">{tile.day}</span>
            <span className="event-tile-weekday">{tile.weekday}</span>
          </>
        )}
      </div>
      <div className="event-body">
        <p className="event-kind">{title}</p>
        <h3 className="event-title">{event.title}</h3>
        {event.cancelled && <p className="event-cancelled-note">This event was cancelled by its organizer.</p>}
        <dl className="event-details">
          <Detail icon={Clock} label="When">
            {event.occurrence !== null && <span className="event-occurrence">One occurrence: </span>}
            {eventWhen(event)}
            {theirs !== null && <span className="event-their-time"> ({theirs})</span>}
          </Detail>
          {event.recurrence !== null && (
            <Detail icon={Repeat} label="Repeats">
              {event.recurrence}
            </Detail>
          )}
          {event.location !== null && (
            <Detail icon={MapPin} label="Where">
              {event.location}
            </Detail>
          )}
          {event.organizer !== null && (
            <Detail icon={UserRound} label="Organizer">
              {nameOf(event.organizer)}
              {event.organizer.name && <span className="event-address"> {event.organizer.address}</span>}
            </Detail>
          )}
          {event.attendees.length > 0 && (
            <Detail icon={Users} label="Attendees">
              <Attendees people={event.attendees} />
            </Detail>
          )}
        </dl>
        {event.canAnswer && <AnswerButtons client={client} messageId={messageId} current={event.yourStatus} />}
      </div>
    </section>
  );
}
