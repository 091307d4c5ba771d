import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SandboxApp } from './SandboxApp.tsx';
import { initSandboxI18n } from './i18n.ts';
import './sandbox.css';

initSandboxI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SandboxApp />
  </StrictMode>,
);
