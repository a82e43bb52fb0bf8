import type { SecondFactors } from '../auth/second-factors.ts';
import { checkTotp, isRecoveryCode, isTotpCode, recoveryCodeHash } from './codes.ts';
import type { SecondFactorsRepository } from './repository.ts';

/**
 * The two kinds this area gives the registry: authenticator codes, and the recovery codes that
 * stand in for any factor (a fallback: they count only while a real factor is on).
 */
export function registerCodeKinds(factors: SecondFactors, repo: SecondFactorsRepository): void {
  factors.register({
    kind: 'totp',
    enabled: (userId) => repo.totpEnabled(userId),
    accepts: (proof) => isTotpCode(proof.code),
    async verify(userId, proof) {
      const row = await repo.totpOf(userId);
      if (!row?.confirmedAt || !isTotpCode(proof.code)) return false;
      const step = checkTotp(row.secret, proof.code, row.lastTimeStep);
      return step !== null && (await repo.useTimeStep(userId, step));
    },
  });

  factors.register({
    kind: 'recovery',
    fallback: true,
    enabled: async (userId) => (await repo.recoveryCodesLeft(userId)) > 0,
    accepts: (proof) => isRecoveryCode(proof.code),
    async verify(userId, proof) {
      return isRecoveryCode(proof.code) && (await repo.useRecoveryCode(userId, recoveryCodeHash(userId, proof.code)));
    },
  });
}
