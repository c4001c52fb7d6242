import type { ServerCertificate, SyncStatus } from '../../shared/mail-models';

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** One account's sync state in plain words, e.g. "Syncing 12,345 of 50,000 · 2,100/s · about 18 s left". */
export function describeSyncStatus(status: SyncStatus, locale?: string): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  switch (status.phase) {
    case 'connecting':
      return 'Connecting…';
    case 'folders':
      return 'Fetching folders…';
    case 'newest':
      return 'Fetching newest messages…';
    case 'headers': {
      const parts = [`Syncing ${number.format(status.done)} of ${number.format(status.total)}`];
      if (status.rate > 0) parts.push(`${number.format(status.rate)}/s`);
      if (status.etaSeconds !== null) parts.push(`about ${duration(status.etaSeconds)} left`);
      return parts.join(' · ');
    }
    case 'bodies':
      return 'Downloading messages for offline use…';
    case 'idle':
      return status.message ? `Up to date. ${status.message}` : 'Up to date';
    case 'offline': {
      const retry = status.retryAt === null ? '' : ` — retrying at ${time.format(status.retryAt)}`;
      return `Offline${retry}${status.message ? `. ${status.message}` : ''}`;
    }
    case 'error':
      return status.message ?? 'Sync stopped because of an error.';
  }
}

/** Why a refused certificate was refused and which one it is, in plain words. */
export function describeRefusedCertificate(certificate: ServerCertificate, locale?: string): string[] {
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  return [
    `${certificate.reason} SHA-256 fingerprint: ${certificate.fingerprint256}`,
    `Issued to ${certificate.subject} by ${certificate.issuer}, valid from ${day.format(new Date(certificate.validFrom))} to ${day.format(new Date(certificate.validTo))}.`,
    certificate.problem === 'changed'
      ? 'Trust the new certificate only if you know the server changed it.'
      : 'Trust it only if you know this is your server’s certificate.',
  ];
}
