import { useEffect } from 'react';
import type { Appearance, Density } from '../../shared/app-settings';
import { applyDensity, applyTheme, watchSystemTheme } from './apply-theme';

/** Applies the appearance (following the system while it is 'system') and the density to the page. */
export function useAppearance(appearance: Appearance, density: Density): void {
  useEffect(() => {
    applyTheme(appearance);
    if (appearance !== 'system') return;
    return watchSystemTheme(() => applyTheme('system'));
  }, [appearance]);

  useEffect(() => applyDensity(density), [density]);
}
