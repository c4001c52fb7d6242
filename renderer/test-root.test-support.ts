import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';

// Component tests render inside act(); React warns unless it is told so.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface TestRoot {
  host: HTMLDivElement;
  root: Root;
}

/** A React root on a fresh element of the jsdom page for every test, unmounted and removed after it. */
export function useTestRoot(): TestRoot {
  const view = {} as TestRoot;
  beforeEach(() => {
    view.host = document.createElement('div');
    document.body.append(view.host);
    view.root = createRoot(view.host);
  });
  afterEach(() => {
    act(() => view.root.unmount());
    view.host.remove();
  });
  return view;
}
