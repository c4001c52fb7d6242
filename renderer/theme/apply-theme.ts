import type { Appearance, Density } from '../../shared/app-settings';

export type Theme = 'light' | 'dark';

const darkQuery = '(prefers-color-scheme: dark)';

export function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia(darkQuery).matches ? 'dark' : 'light';
}

/** Calls `onChange` whenever the system switches between light and dark; returns the unsubscribe. */
export function watchSystemTheme(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const query = matchMedia(darkQuery);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** The stylesheet's tokens key off `data-theme` on the root element. */
export function applyTheme(appearance: Appearance): Theme {
  const theme = appearance === 'system' ? systemTheme() : appearance;
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
  return theme;
}

/** Compact tightens the spacing tokens (tokens.css) through `data-density` on the root element. */
export function applyDensity(density: Density): void {
  document.documentElement.dataset.density = density;
}
