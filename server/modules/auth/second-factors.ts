/**
 * The account's second factors, whatever they are. Each kind (authenticator codes, recovery
 * codes, passkeys) registers one method here; the sign-in's second step and every sensitive
 * change ("confirm it is you": `step-up.ts`) ask this registry, never a kind directly, so a
 * new kind is one `register` call and every surface accepts it.
 */
export type FactorKind = 'totp' | 'recovery' | 'passkey';

/** What the member sends to show a factor: a code (authenticator or recovery), or a passkey's answer. */
export interface FactorProof {
  code?: string;
  /** A WebAuthn authentication response (JSON, as the browser's `navigator.credentials.get` gives it). */
  passkey?: unknown;
}

/** Where the proof is given, so that a passkey finds the challenge it answers. */
export interface FactorContext {
  /** The half-done sign-in (its id hash), during the sign-in's second step. */
  loginChallenge?: { idHash: string; webauthnChallenge: string | null };
  /** The browser session, when a signed-in member confirms a sensitive change. */
  sessionId?: string;
}

export interface SecondFactorMethod {
  kind: FactorKind;
  /**
   * Whether the member has this factor on. A kind that is only a fallback (recovery codes)
   * answers true only while another factor is on, and sets `fallback`.
   */
  enabled(userId: number): boolean | Promise<boolean>;
  fallback?: boolean;
  /** Whether `proof` is of this kind's shape (a 6-digit code, a recovery code, a passkey answer). */
  accepts(proof: FactorProof): boolean;
  /** True when the proof is good; single-use proofs are used up by a good answer. */
  verify(userId: number, proof: FactorProof, context: FactorContext): Promise<boolean>;
}

export function createSecondFactors() {
  const methods: SecondFactorMethod[] = [];

  return {
    register(method: SecondFactorMethod): void {
      if (methods.some((m) => m.kind === method.kind)) throw new Error(`second factor ${method.kind} registered twice`);
      methods.push(method);
    },

    /** The kinds the member has on, fallbacks last; empty: no second factor. */
    async kindsFor(userId: number): Promise<FactorKind[]> {
      const on: SecondFactorMethod[] = [];
      for (const method of methods) if (await method.enabled(userId)) on.push(method);
      if (!on.some((m) => !m.fallback)) return [];
      return [...on.filter((m) => !m.fallback), ...on.filter((m) => m.fallback)].map((m) => m.kind);
    },

    /** Whether signing in needs a second step. */
    async has(userId: number): Promise<boolean> {
      for (const method of methods) if (!method.fallback && (await method.enabled(userId))) return true;
      return false;
    },

    /** True when one of the member's factors accepts and verifies the proof. */
    async verify(userId: number, proof: FactorProof, context: FactorContext = {}): Promise<boolean> {
      for (const method of methods) {
        if (!method.accepts(proof) || !(await method.enabled(userId))) continue;
        if (await method.verify(userId, proof, context)) return true;
      }
      return false;
    },
  };
}

export type SecondFactors = ReturnType<typeof createSecondFactors>;
