import { FileSignature, Lock } from 'lucide-react';
import type { MessageProtection } from '../../../shared/mail-models';

const SCHEME_NAMES: Record<MessageProtection['scheme'], string> = { smime: 'S/MIME', pgp: 'OpenPGP' };

/** "Signed (not verified)": the message carries a signature that Harbor Mail does not check yet. */
export function SignedMark({ protection }: { protection: MessageProtection }) {
  return (
    <p className="protection-mark" role="note" aria-label="Signature">
      <FileSignature size={15} strokeWidth={1.75} aria-hidden="true" />
      <strong>Signed (not verified)</strong>
      <span>
        This message carries an {SCHEME_NAMES[protection.scheme]} signature. Harbor Mail does not verify signatures yet,
        so it cannot tell whether the sender or the content is genuine.
      </span>
    </p>
  );
}

/** Shown instead of an empty body: the content is encrypted to a key this app does not hold. */
export function EncryptedNotice({ protection }: { protection: MessageProtection }) {
  return (
    <section className="encrypted-notice" aria-label="Encrypted message">
      <Lock size={28} strokeWidth={1.5} aria-hidden="true" />
      <h3>This message is encrypted and cannot be read here yet</h3>
      <p>
        It is encrypted with {SCHEME_NAMES[protection.scheme]}. Harbor Mail cannot decrypt messages yet; open it in a
        mail app that holds your private key.
      </p>
    </section>
  );
}
