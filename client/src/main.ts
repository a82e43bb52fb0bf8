import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { startRealtime } from './lib/realtime/boot.svelte.ts';
import { session } from './lib/state/session.svelte.ts';

void session.boot();
startRealtime();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
