import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api';
import { App } from './app/App';
import { applyTheme, loadThemePreference, resolveTheme } from './theme/theme';
import { registerGridModules } from './ui/grid';
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/shell.css';
import './styles/screens.css';
import './styles/documents.css';
import './styles/checks.css';
import './styles/counterparties.css';
import './styles/policy.css';

// Paint the remembered theme before React renders, so a dark-theme user never sees a light flash.
applyTheme(resolveTheme(loadThemePreference(), window.matchMedia('(prefers-color-scheme: dark)').matches));
registerGridModules();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App api={createApi()} />
  </StrictMode>,
);
