/** Withdrawing knowledge records (tombstones): the editors' dialog and banner, the API's errors. */
export const esWithdrawal = {
  'error.RECORD_WITHDRAWN': 'Ese registro ya está retirado.',
  'error.RECORD_NOT_WITHDRAWN': 'Ese registro no está retirado: no hay nada que restaurar.',
  'withdrawal.withdraw': 'Retirar',
  'withdrawal.dialogTitle': 'Retirar este registro',
  'withdrawal.dialogIntro': 'Un registro retirado desaparece de las listas, la búsqueda, los enlaces, los mapas del sitio, los canales y las exportaciones; OAI-PMH lo informa como eliminado. Podrá restaurarlo.',
  'withdrawal.reason': 'Motivo (lo verán los editores)',
  'withdrawal.confirm': 'Retirar el registro',
  'withdrawal.banner': 'Retirado el {date} por {name}: {reason}',
  'withdrawal.bannerNobody': 'Retirado el {date}: {reason}',
  'withdrawal.restore': 'Restaurar',
  'withdrawal.withdrawn': 'Registro retirado.',
  'withdrawal.restored': 'Registro restaurado.',
  'knowledge.field.withdrawal': 'Retiro (motivo)',
} as const;
