// One raw IMAP AUTHENTICATE exchange over implicit TLS, for checks that a full IMAP client
// hides: which SASL mechanism is used, and the server's error challenge (RFC 7628 §3.2.2).
import tls from 'node:tls';

export type OauthMechanism = 'XOAUTH2' | 'OAUTHBEARER';

export interface ImapSaslProbeInput {
  port: number;
  caPem: string;
  mechanism: OauthMechanism;
  user: string;
  accessToken: string;
  timeoutMs?: number;
}

export interface ImapSaslProbeResult {
  /** Tagged status of the AUTHENTICATE command. */
  status: 'OK' | 'NO' | 'BAD';
  /** Rest of the tagged line, e.g. "[AUTHENTICATIONFAILED] Authentication failed." */
  text: string;
  /** Decoded JSON of the server's `+ <base64>` error challenge, when it sent one. */
  errorChallenge?: Record<string, unknown>;
}

/** The initial client response of the mechanism (RFC 7628 §3.1 or Google's XOAUTH2). */
export function oauthInitialResponse(mechanism: OauthMechanism, user: string, accessToken: string): string {
  const fields =
    mechanism === 'OAUTHBEARER'
      ? `n,a=${user},\x01auth=Bearer ${accessToken}\x01\x01`
      : `user=${user}\x01auth=Bearer ${accessToken}\x01\x01`;
  return Buffer.from(fields).toString('base64');
}

export function probeImapSasl(input: ImapSaslProbeInput): Promise<ImapSaslProbeResult> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: input.port, ca: input.caPem, servername: 'localhost' });
    const timer = setTimeout(() => fail(new Error('IMAP AUTHENTICATE timed out')), input.timeoutMs ?? 5000);
    let buffered = '';
    let greeted = false;
    let errorChallenge: Record<string, unknown> | undefined;

    function finish(result: ImapSaslProbeResult): void {
      clearTimeout(timer);
      socket.end();
      resolve(result);
    }
    function fail(error: Error): void {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    }
    function onLine(line: string): void {
      if (!greeted) {
        if (!line.startsWith('* OK')) return fail(new Error(`unexpected IMAP greeting: ${line}`));
        greeted = true;
        const response = oauthInitialResponse(input.mechanism, input.user, input.accessToken);
        socket.write(`a1 AUTHENTICATE ${input.mechanism} ${response}\r\n`);
        return;
      }
      if (line.startsWith('+')) {
        const payload = line.slice(1).trim();
        errorChallenge = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Record<string, unknown>;
        // RFC 7628 §3.2.3: the client answers an error challenge with a lone %x01 (XOAUTH2: empty).
        socket.write(input.mechanism === 'OAUTHBEARER' ? 'AQ==\r\n' : '\r\n');
        return;
      }
      const tagged = /^a1 (OK|NO|BAD)\s?(.*)$/.exec(line);
      if (tagged) {
        finish({ status: tagged[1] as ImapSaslProbeResult['status'], text: tagged[2] ?? '', errorChallenge });
      }
    }

    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        try {
          onLine(line);
        } catch (error) {
          fail(error as Error);
        }
      }
    });
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('IMAP connection closed before AUTHENTICATE completed')));
  });
}
