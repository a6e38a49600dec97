import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Shell } from './app/shell';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <Shell />
  </StrictMode>,
);
