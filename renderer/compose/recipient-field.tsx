import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { maxRecipientsPerField } from '../../shared/compose-models';
import type { Address } from '../../shared/mail-models';
import { addressLabel, parseAddressList, sameAddress } from './parse-addresses';

const SUGGEST_DELAY_MS = 150;

/** Suggestions for what is typed, or an empty list while a newer request is pending. */
function useSuggestions(text: string, suggest: (prefix: string) => Promise<Address[]>) {
  const [suggestions, setSuggestions] = useState<Address[]>([]);
  const latest = useRef(suggest);
  latest.current = suggest;

  useEffect(() => {
    setSuggestions([]);
    const prefix = text.trim();
    if (prefix === '') return;
    let current = true;
    const timer = setTimeout(() => {
      latest.current(prefix).then(
        (found) => current && setSuggestions(found),
        () => undefined,
      );
    }, SUGGEST_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text]);

  return suggestions;
}

/**
 * A recipients field: the chosen addresses, then a combobox that completes from addresses seen
 * in mail (arrow keys move through the suggestions, Enter or Tab picks, Escape closes).
 */
export function RecipientField({
  label,
  addresses,
  onChange,
  suggest,
  autoFocus = false,
}: {
  label: string;
  addresses: Address[];
  onChange: (addresses: Address[]) => void;
  suggest: (prefix: string) => Promise<Address[]>;
  autoFocus?: boolean;
}) {
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const [closed, setClosed] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const found = useSuggestions(text, suggest);
  const options = found.filter((candidate) => !addresses.some((chosen) => sameAddress(chosen, candidate)));
  const open = !closed && options.length > 0;
  // An open list always has one suggestion highlighted (the first until the arrows move it), so
  // Enter takes a suggestion rather than judging the half-typed text.
  const highlighted = open ? Math.min(Math.max(active, 0), options.length - 1) : -1;

  /** Adds what is not there yet; false, with the reason shown, when that would pass the limit. */
  const add = (more: Address[]): boolean => {
    const fresh = more.filter((candidate, index) => {
      const earlier = more.slice(0, index);
      return ![...addresses, ...earlier].some((chosen) => sameAddress(chosen, candidate));
    });
    const total = addresses.length + fresh.length;
    if (total > maxRecipientsPerField) {
      setInvalid(
        `${label} takes at most ${maxRecipientsPerField} recipients; these would make ${total.toLocaleString('en-US')}. ` +
          'Send to fewer people at once, or to a mailing list.',
      );
      return false;
    }
    if (fresh.length > 0) onChange([...addresses, ...fresh]);
    return true;
  };
  const changeText = (next: string) => {
    setText(next);
    setActive(-1);
    setClosed(false);
    setInvalid(null);
  };
  const pick = (option: Address) => {
    if (add([option])) changeText('');
  };
  /** Turns the typed text into recipients; returns whether anything was typed. */
  const commit = (): boolean => {
    if (text.trim() === '') return false;
    const { addresses: parsed, rest } = parseAddressList(text);
    // Refused, the typed text stays as it was, to be shortened.
    if (!add(parsed)) return true;
    changeText(rest);
    if (rest) setInvalid(`Not an email address: ${rest}`);
    return true;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const chosen = highlighted >= 0 ? options[highlighted] : undefined;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setClosed(false);
        setActive(options.length === 0 ? -1 : open ? (highlighted + 1) % options.length : 0);
        break;
      case 'ArrowUp':
        event.preventDefault();
        setClosed(false);
        setActive(options.length === 0 ? -1 : highlighted <= 0 ? options.length - 1 : highlighted - 1);
        break;
      case 'Enter':
        if (chosen) {
          event.preventDefault();
          pick(chosen);
        } else if (commit()) event.preventDefault();
        break;
      case 'Tab':
        if (chosen) pick(chosen);
        else commit();
        break;
      case ',':
      case ';':
        event.preventDefault();
        commit();
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          setClosed(true);
          setActive(-1);
        }
        break;
      case 'Backspace':
        if (text === '' && addresses.length > 0) onChange(addresses.slice(0, -1));
        break;
    }
  };

  return (
    <div className="recipient-field">
      <label htmlFor={inputId}>{label}</label>
      <div className="recipient-box">
        {addresses.length > 0 && (
          <ul className="recipient-chips" aria-label={`${label} recipients`}>
            {addresses.map((address) => (
              <li key={address.address.toLowerCase()} className="recipient-chip">
                <span>{addressLabel(address)}</span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove ${address.address}`}
                  onClick={() => onChange(addresses.filter((other) => !sameAddress(other, address)))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          id={inputId}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={highlighted >= 0 ? `${listId}-${highlighted}` : undefined}
          aria-invalid={invalid !== null}
          aria-describedby={invalid ? `${id}-error` : undefined}
          value={text}
          onChange={(event) => changeText(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            commit();
            setClosed(true);
          }}
        />
      </div>
      <ul id={listId} role="listbox" aria-label={`${label} suggestions`} className="suggestions" hidden={!open}>
        {open &&
          options.map((option, index) => (
            <li
              key={option.address.toLowerCase()}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === highlighted}
              className={index === highlighted ? 'suggestion active' : 'suggestion'}
              // Keeps the focus in the input, so its blur does not commit the half-typed text first.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(option)}
            >
              {addressLabel(option)}
            </li>
          ))}
      </ul>
      {invalid && (
        <p id={`${id}-error`} className="field-error">
          {invalid}
        </p>
      )}
    </div>
  );
}
