import { tick } from 'svelte';
import { toApiError, type ApiError } from './api.ts';
import { errorText } from './i18n.svelte.ts';

/**
 * The submit cycle of a form: busy flag, and the server's error placed either beside the
 * field it names or in the form-level alert. Messages are looked up at render time, so they
 * follow a language switch.
 */
export class FormState {
  busy = $state(false);
  error = $state<ApiError | null>(null);
  readonly #fields: readonly string[];
  readonly #idPrefix: string;

  /** `fields` are the inputs this form shows; `idPrefix` + field name is each input's id. */
  constructor(idPrefix: string, fields: readonly string[]) {
    this.#idPrefix = idPrefix;
    this.#fields = fields;
  }

  inputId(field: string): string {
    return `${this.#idPrefix}-${field}`;
  }

  fieldError(field: string): string | undefined {
    return this.error?.field === field ? errorText(this.error) : undefined;
  }

  /** An error no input of this form can carry. */
  get formError(): string | undefined {
    const error = this.error;
    if (!error || (error.field && this.#fields.includes(error.field))) return undefined;
    return errorText(error);
  }

  /** Runs the request; on failure keeps the error and moves the focus to the field at fault. */
  async submit(action: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    try {
      await action();
      return true;
    } catch (error) {
      this.error = toApiError(error);
      const field = this.error.field;
      if (field && this.#fields.includes(field)) {
        await tick();
        document.getElementById(this.inputId(field))?.focus();
      }
      return false;
    } finally {
      this.busy = false;
    }
  }
}
