/** Account basics: password, sessions, token scopes, site roles (the people page). */
export const esAccounts = {
  'error.TOKEN_SCOPE': 'Esta clave de acceso solo permite leer: cree una clave de lectura y escritura para hacer cambios.',
  'error.SESSION_REQUIRED': 'Esto solo puede hacerse con la sesión iniciada en el navegador, no con una clave de acceso.',
  'error.WRONG_PASSWORD': 'La contraseña actual no es correcta.',
  'error.PASSWORD_UNCHANGED': 'La nueva contraseña es igual a la actual: elija otra.',
  'error.SESSION_NOT_FOUND': 'Esa sesión no existe o ya se cerró.',
  'error.NAME_DIRECTION_CONTROL':
    'El nombre contiene caracteres invisibles que invierten la dirección del texto (se usan para suplantar nombres): quítelos.',
  'error.LAST_ADMIN': 'Es la única cuenta de administración: nombre primero a otra persona administradora.',
  'error.JOIN_REQUEST_NOT_FOUND': 'No tiene una solicitud pendiente en esta comunidad.',
} as const;
