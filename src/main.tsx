/** Browser entry: installs the test hooks (test mode only) and mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../assets/app.css';
import { App } from './app/App.tsx';
import { appStore } from './state/store.ts';
import { hot } from './feed/hotBuffers.ts';
import { getModel } from './app/sceneHolder.ts';
import { installTestHooks, markStage } from './app/testHooks.ts';

// Static imports above are evaluated before this line: the mark is the end of bundle evaluation.
markStage('main:evaluated');

installTestHooks(appStore, hot, getModel);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
