// Entry point of the viewer page: builds the app on the page's skeleton (index.html) and opens what the
// address asks for. Exposes the app as `window.zksimViewer` for the browser tests and curious learners.
import './style.css';
import { App } from './app.ts';

const app = new App();
(window as unknown as { zksimViewer: App }).zksimViewer = app;
app.start();
