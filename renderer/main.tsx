import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app';
import { connectToMain } from './ipc/connect';
import './styles.css';

// The CSP forbids eval; tell zod not to try compiling validators with new Function.
z.config({ jitless: true });

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App client={connectToMain()} />
    </StrictMode>,
  );
}
