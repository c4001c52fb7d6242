import { Trash2 } from 'lucide-react';
import { useId, useState } from 'react';
import type { Identity, Signature } from '../../shared/identity-models';
import type { Client } from '../../shared/ipc/client';
import { IconButton } from '../ui/icon-button';
import { SignatureEditor } from './signature-editor';

const sameSignature = (a: Signature, b: Signature) => a.format === b.format && a.text === b.text && a.html === b.html;

/** One address the person sends as: the name in From and its signature, saved together. */
export function IdentityEditor({ client, identity }: { client: Client; identity: Identity }) {
  const nameId = useId();
  const [name, setName] = useState(identity.name);
  const [signature, setSignature] = useState(identity.signature);
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'failed'; reason: string }>({
    kind: 'idle',
  });
  const dirty = name.trim() !== identity.name || !sameSignature(signature, identity.signature);

  const save = async () => {
    setState({ kind: 'saving' });
    try {
      await client.call('identities.update', { id: identity.id, name: name.trim(), signature });
      setState({ kind: 'saved' });
    } catch (reason) {
      setState({ kind: 'failed', reason: (reason as Error).message });
    }
  };
  const remove = async () => {
    try {
      await client.call('identities.removeAlias', { id: identity.id });
    } catch (reason) {
      setState({ kind: 'failed', reason: (reason as Error).message });
    }
  };

  return (
    <section className="identity-card" aria-label={identity.address}>
      <header className="identity-head">
        <span className="identity-address">{identity.address}</span>
        {identity.primary ? (
          <span className="identity-kind">Account address</span>
        ) : (
          <IconButton label={`Remove alias ${identity.address}`} icon={Trash2} onClick={() => void remove()} />
        )}
      </header>
      <label className="field" htmlFor={nameId}>
        <span className="field-label">Name</span>
        <input
          id={nameId}
          type="text"
          value={name}
          placeholder="Shown next to your address"
          onChange={(event) => {
            setName(event.target.value);
            setState({ kind: 'idle' });
          }}
        />
      </label>
      <SignatureEditor
        value={signature}
        onChange={(next) => {
          setSignature(next);
          setState({ kind: 'idle' });
        }}
      />
      <div className="identity-actions">
        <button
          type="button"
          className="small"
          disabled={!dirty || state.kind === 'saving'}
          onClick={() => void save()}
        >
          Save
        </button>
        <span className="quiet" role="status">
          {state.kind === 'saved' ? 'Saved' : state.kind === 'saving' ? 'Saving…' : ''}
        </span>
        {state.kind === 'failed' && (
          <p className="error" role="alert">
            {state.reason}
          </p>
        )}
      </div>
    </section>
  );
}
