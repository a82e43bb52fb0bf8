import type { Draft as SavedDraft } from '../../../shared/schemas/drafts.ts';
import { api, toApiError } from './api.ts';
import { t } from './i18n.svelte.ts';
import { router } from './router.svelte.ts';

/** How long typing pauses before the draft goes to the server. */
export const DRAFT_DELAY_MS = 1000;

export interface DraftText {
  title?: string | null;
  body: string;
}

/**
 * A composer's draft on the server (`/api/drafts/<key>`: `thread:<forumId>`, `reply:<threadId>`,
 * `edit:<postId>`): saved a moment after typing stops and when the field loses the focus,
 * restored when the member comes back (on any device), cleared when they post. While typed
 * text is not yet saved, leaving the page asks first (see `guardLeaving`).
 * Browser only: create it in a component, call `restore()` from `onMount`.
 */
export class DraftSaver {
  status = $state<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  /** Typed text the server does not have yet. */
  unsaved = $state(false);
  readonly #key: string;
  readonly #read: () => DraftText;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> | null = null;
  /** Posted (or discarded): nothing more is saved, and a save still on its way is undone. */
  #closed = false;

  /** Typed text the server has not confirmed: not sent yet, or on its way. */
  get pending(): boolean {
    return this.unsaved || this.status === 'saving';
  }

  constructor(key: string, read: () => DraftText) {
    this.#key = key;
    this.#read = read;
  }

  get #path(): string {
    return `/api/drafts/${this.#key}`;
  }

  /** The saved draft, or null when there is none (or it cannot be read now). */
  async restore(): Promise<SavedDraft | null> {
    try {
      return await api.get<SavedDraft>(this.#path);
    } catch {
      return null;
    }
  }

  /** The text changed: saved once typing pauses. */
  changed(): void {
    if (this.#closed) this.#closed = false;
    this.unsaved = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), DRAFT_DELAY_MS);
  }

  /** Saves now what is not saved yet (on blur, before leaving). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    if (!this.unsaved || this.#closed) return;
    if (this.#saving) await this.#saving;
    if (!this.unsaved || this.#closed) return;
    this.#saving = this.#save();
    try {
      await this.#saving;
    } finally {
      this.#saving = null;
    }
  }

  async #save(): Promise<void> {
    const text = this.#read();
    const empty = !text.body.trim() && !text.title?.trim();
    this.unsaved = false;
    this.status = 'saving';
    try {
      if (empty) await api.delete(this.#path).catch((error) => (toApiError(error).status === 404 ? undefined : Promise.reject(error)));
      else await api.put<SavedDraft>(this.#path, { ...(text.title !== undefined ? { title: text.title } : {}), body: text.body });
      this.status = empty ? 'idle' : 'saved';
      // Posted while this save was on its way: the server must not keep it.
      if (this.#closed && !empty) await api.delete(this.#path).catch(() => {});
    } catch {
      this.unsaved = true;
      this.status = 'failed';
    }
  }

  /** Posted: the server has deleted the draft; nothing typed before counts any more. */
  posted(): void {
    clearTimeout(this.#timer);
    this.#closed = true;
    this.unsaved = false;
    this.status = 'idle';
  }

  /** The member throws the draft away. */
  async discard(): Promise<void> {
    this.posted();
    await api.delete(this.#path).catch(() => {});
  }

  /**
   * Asks before leaving while typed text is not saved: the browser's own question on a reload
   * or a closed tab, ours on a link inside the app. Call from `$effect`; returns the cleanup.
   */
  guardLeaving(): () => void {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!this.pending) return;
      void this.flush();
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    const stopGuard = router.guard(() => (this.pending ? t('draft.leave') : null));
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      stopGuard();
      clearTimeout(this.#timer);
      // Leaving after all (the page answered yes, or the composer closed): keep what was typed.
      if (this.unsaved) void this.flush();
    };
  }
}
