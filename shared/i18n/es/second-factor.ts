/** Second factors: authenticator codes (TOTP), recovery codes, the second sign-in step, staff requirement. */
export const esSecondFactor = {
  'error.SECOND_FACTOR_REQUIRED': 'Falta el segundo paso: escribe el código de tu aplicación de autenticación o usa tu llave de acceso.',
  'error.INVALID_SECOND_FACTOR': 'Ese código no es válido (o ya se usó). Revisa la hora de tu teléfono y prueba con el código nuevo.',
  'error.LOGIN_EXPIRED': 'El inicio de sesión caducó (pasaron más de 5 minutos o hubo demasiados intentos). Vuelve a escribir tu contraseña.',
  'error.REAUTH_REQUIRED': 'Por seguridad, vuelve a iniciar sesión antes de este cambio.',
  'confirm.legend': 'Confirma que eres tú',
  'confirm.password': 'Tu contraseña',
  'confirm.code': 'Código de tu aplicación de autenticación o código de recuperación',
  'confirm.code.hint': 'Seis cifras de la aplicación, o uno de tus códigos de recuperación.',
  'confirm.useCode': 'Usar un código en su lugar',
  'confirm.usePassword': 'Usar mi contraseña',
};
