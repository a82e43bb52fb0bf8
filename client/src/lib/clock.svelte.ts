import { createSubscriber } from 'svelte/reactivity';

let now = Date.now();

// One timer for the whole page, running only while something on screen reads the time.
const subscribe = createSubscriber((update) => {
  const timer = setInterval(() => {
    now = Date.now();
    update();
  }, 30_000);
  return () => clearInterval(timer);
});

/** On the server no timer runs, and this module lives as long as the process. */
const onServer = typeof window === 'undefined';

/** The current time, read reactively: relative times ("5 minutes ago") stay true. */
export function currentTime(): number {
  // Each server render reads the clock: `now` was set when a render first needed it, and a
  // page rendered later said "now" of posts minutes old (and "in 2 hours" of newer ones), which
  // the browser kept until its next render, when the text, and what followed it, moved.
  if (onServer) return Date.now();
  subscribe();
  return now;
}
