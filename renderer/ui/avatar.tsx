import type { Address } from '../../shared/mail-models';

/** Up to two letters: the first of the first and last name, else the address's first letter. */
export function initialsOf({ name, address }: Address): string {
  const words = name.match(/\p{L}[\p{L}\p{M}'’-]*/gu) ?? [];
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1);
  const initials = letters.map((word) => [...word][0]!.toUpperCase()).join('');
  return initials || (address.match(/\p{L}|\p{N}/u)?.[0] ?? '?').toUpperCase();
}

/** A stable hue per address, so a sender keeps one colour everywhere. */
export function hueOf(address: string): number {
  let hash = 0;
  for (const char of address.toLowerCase()) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return hash % 360;
}

/** Decorative: the name it stands for is always written next to it. */
export function Avatar({ person, size = 'medium' }: { person: Address; size?: 'small' | 'medium' }) {
  return (
    <span className={`avatar ${size}`} style={{ '--avatar-hue': hueOf(person.address) } as never} aria-hidden="true">
      {initialsOf(person)}
    </span>
  );
}
