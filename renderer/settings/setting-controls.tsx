import * as RadioGroup from '@radix-ui/react-radio-group';
import * as Switch from '@radix-ui/react-switch';
import { useId, type ReactNode } from 'react';

/** One row of a settings section: its name and explanation on the left, the control on the right. */
export function SettingRow({
  label,
  description,
  children,
  labelId,
}: {
  label: string;
  description?: string;
  children: ReactNode;
  labelId: string;
}) {
  return (
    <div className="setting-row">
      <div className="setting-text">
        <span id={labelId} className="setting-label">
          {label}
        </span>
        {description && <span className="setting-description">{description}</span>}
      </div>
      <div className="setting-control">{children}</div>
    </div>
  );
}

export function SwitchSetting({
  label,
  description,
  checked,
  onChange,
}: {
  label: string;
  description?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const labelId = useId();
  return (
    <SettingRow label={label} description={description} labelId={labelId}>
      <Switch.Root className="switch" aria-labelledby={labelId} checked={checked} onCheckedChange={onChange}>
        <Switch.Thumb className="switch-thumb" />
      </Switch.Root>
    </SettingRow>
  );
}

export function ChoiceSetting<T extends string>({
  label,
  description,
  value,
  choices,
  onChange,
}: {
  label: string;
  description?: string;
  value: T;
  choices: { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  const labelId = useId();
  return (
    <SettingRow label={label} description={description} labelId={labelId}>
      <RadioGroup.Root
        className="segmented"
        aria-labelledby={labelId}
        value={value}
        onValueChange={(next) => onChange(next as T)}
      >
        {choices.map((choice) => (
          <RadioGroup.Item key={choice.value} className="segment" value={choice.value}>
            {choice.label}
          </RadioGroup.Item>
        ))}
      </RadioGroup.Root>
    </SettingRow>
  );
}

export function SelectSetting({
  label,
  description,
  value,
  choices,
  onChange,
}: {
  label: string;
  description?: string;
  value: string;
  choices: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  const labelId = useId();
  return (
    <SettingRow label={label} description={description} labelId={labelId}>
      <select aria-labelledby={labelId} value={value} onChange={(event) => onChange(event.target.value)}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </SettingRow>
  );
}
