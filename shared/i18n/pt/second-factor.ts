import type { esSecondFactor } from '../es/second-factor.ts';

/** Second factors: authenticator codes (TOTP), recovery codes, the second sign-in step, staff requirement. */
export const ptSecondFactor: Record<keyof typeof esSecondFactor, string> = {
  'error.SECOND_FACTOR_REQUIRED': 'Falta o segundo passo: digite o código do seu aplicativo autenticador ou use sua chave de acesso.',
  'error.INVALID_SECOND_FACTOR': 'Esse código não é válido (ou já foi usado). Confira a hora do seu telefone e tente o código novo.',
  'error.LOGIN_EXPIRED': 'O login expirou (passaram mais de 5 minutos ou houve tentativas demais). Digite sua senha de novo.',
  'error.REAUTH_REQUIRED': 'Por segurança, entre novamente antes desta alteração.',
  'confirm.legend': 'Confirme que é você',
  'confirm.password': 'Sua senha',
  'confirm.code': 'Código do seu aplicativo autenticador ou código de recuperação',
  'confirm.code.hint': 'Seis dígitos do aplicativo, ou um dos seus códigos de recuperação.',
  'confirm.useCode': 'Usar um código em vez disso',
  'confirm.usePassword': 'Usar minha senha',
};
