import { useId } from 'react';
import type { Identity } from '../../shared/identity-models';

const describe = (identity: Identity) => (identity.name ? `${identity.name} <${identity.address}>` : identity.address);
const keyOf = (identity: Pick<Identity, 'accountId' | 'address'>) => `${identity.accountId}\n${identity.address}`;

/** The From of a message when the person has more than one address to send as (accounts and aliases). */
export function FromPicker({
  identities,
  value,
  onChange,
}: {
  identities: Identity[];
  value: Identity | null;
  onChange: (identity: Identity) => void;
}) {
  const id = useId();
  if (identities.length < 2 || value === null) return null;
  return (
    <div className="compose-row from-picker">
      <label htmlFor={id}>From</label>
      <select
        id={id}
        value={keyOf(value)}
        onChange={(event) => {
          const chosen = identities.find((identity) => keyOf(identity) === event.target.value);
          if (chosen) onChange(chosen);
        }}
      >
        {identities.map((identity) => (
          <option key={keyOf(identity)} value={keyOf(identity)}>
            {describe(identity)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The identity a draft is from: its own choice, else its account's own address. */
export function draftIdentity(identities: Identity[], accountId: string, from: string | null): Identity | null {
  const ofAccount = identities.filter((identity) => identity.accountId === accountId);
  const lower = from?.toLowerCase();
  return (
    ofAccount.find((identity) => identity.address.toLowerCase() === lower) ??
    ofAccount.find((identity) => identity.primary) ??
    null
  );
}
