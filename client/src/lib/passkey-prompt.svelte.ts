import { passkeyProblem, passkeysSupported } from './passkeys.ts';

/**
 * One passkey button's state — whether this browser can use passkeys, whether it is asking
 * now, what went wrong in words a person can act on — shared by the sign-in, the second step
 * and "confirm it is you".
 */
export class PasskeyPrompt {
  supported = $state(false);
  busy = $state(false);
  problem = $state<string | undefined>(undefined);

  /** Call after mount: only the browser knows. */
  detect(): boolean {
    this.supported = passkeysSupported();
    return this.supported;
  }

  /** Runs one prompt (options, the browser's question, the answer sent); a second click meanwhile does nothing. */
  async run(ask: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.problem = undefined;
    try {
      await ask();
    } catch (error) {
      this.problem = passkeyProblem(error).text;
    } finally {
      this.busy = false;
    }
  }
}
