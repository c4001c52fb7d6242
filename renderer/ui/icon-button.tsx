import type { LucideIcon } from 'lucide-react';
import { forwardRef, type ButtonHTMLAttributes } from 'react';

interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  /** The accessible name, also shown as the tooltip. */
  label: string;
  icon: LucideIcon;
}

/** A toolbar button that shows only its icon; screen readers and the tooltip say what it does. */
export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton(
  { label, icon: Icon, className, ...rest },
  ref,
) {
  return (
    <button
      ref={ref}
      type="button"
      className={className ? `icon-button ${className}` : 'icon-button'}
      aria-label={label}
      title={label}
      {...rest}
    >
      <Icon size={18} strokeWidth={1.75} aria-hidden="true" />
    </button>
  );
});
