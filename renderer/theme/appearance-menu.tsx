import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Check, Monitor, Moon, Sun, type LucideIcon } from 'lucide-react';
import { appearances, type Appearance } from '../../shared/app-settings';
import { IconButton } from '../ui/icon-button';

const choices: Record<Appearance, { label: string; icon: LucideIcon }> = {
  system: { label: 'Match the system', icon: Monitor },
  light: { label: 'Light', icon: Sun },
  dark: { label: 'Dark', icon: Moon },
};

/** Light, dark, or whatever the system uses. */
export function AppearanceMenu({
  appearance,
  onChoose,
}: {
  appearance: Appearance;
  onChoose: (appearance: Appearance) => void;
}) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <IconButton label="Appearance" icon={choices[appearance].icon} />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Label className="menu-label">Appearance</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={appearance} onValueChange={(value) => onChoose(value as Appearance)}>
            {appearances.map((value) => {
              const { label, icon: Icon } = choices[value];
              return (
                <DropdownMenu.RadioItem key={value} className="menu-item" value={value}>
                  <Icon size={16} aria-hidden="true" />
                  <span className="menu-item-label">{label}</span>
                  <DropdownMenu.ItemIndicator className="menu-check">
                    <Check size={16} aria-hidden="true" />
                  </DropdownMenu.ItemIndicator>
                </DropdownMenu.RadioItem>
              );
            })}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
