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

/** The current time, read reactively: relative times ("5 minutes ago") stay true. */
export function currentTime(): number {
  subscribe();
  return now;
}
