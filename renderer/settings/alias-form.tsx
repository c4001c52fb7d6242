import { Plus } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { Client } from '../../shared/ipc/client';

/** "Add an alias": another address of this account the person may send as. */
export function AliasForm({ client, accountId }: { client: Client; accountId: string }) {
  const addressId = useId();
  const nameId = useId();
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await client.call('identities.addAlias', { accountId, address, name });
      setAddress('');
      setName('');
    } catch (reason) {
      setProblem((reason as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="alias-form" aria-label="Add an alias" onSubmit={(event) => void add(event)}>
      <label className="field" htmlFor={addressId}>
        <span className="field-label">Alias address</span>
        <input
          id={addressId}
          type="email"
          required
          value={address}
          aria-invalid={problem !== null}
          placeholder="name@example.com"
          onChange={(event) => setAddress(event.target.value)}
        />
      </label>
      <label className="field" htmlFor={nameId}>
        <span className="field-label">Alias name</span>
        <input
          id={nameId}
          type="text"
          value={name}
          placeholder="Optional"
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <button type="submit" className="secondary small" disabled={busy || address.trim() === ''}>
        <Plus size={16} aria-hidden="true" /> Add alias
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
