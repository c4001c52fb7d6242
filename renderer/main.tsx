import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app';
import { connectToMain } from './ipc/connect';
import { applyTheme } from './theme/apply-theme';
import './theme/tokens.css';
import './styles.css';

// The CSP forbids eval; tell zod not to try compiling validators with new Function.
z.config({ jitless: true });

// Follow the system from the first paint; the stored preference replaces it once read.
applyTheme('system');

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App client={connectToMain()} />
    </StrictMode>,
  );
}
