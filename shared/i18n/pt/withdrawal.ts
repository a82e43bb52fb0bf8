import type { esWithdrawal } from '../es/withdrawal.ts';

/** Withdrawing knowledge records (tombstones): the editors' dialog and banner, the API's errors. */
export const ptWithdrawal: Record<keyof typeof esWithdrawal, string> = {
  'error.RECORD_WITHDRAWN': 'Esse registo já foi retirado.',
  'error.RECORD_NOT_WITHDRAWN': 'Esse registo não está retirado: não há nada a restaurar.',
  'withdrawal.withdraw': 'Retirar',
  'withdrawal.dialogTitle': 'Retirar este registo',
  'withdrawal.dialogIntro': 'Um registo retirado desaparece das listas, da pesquisa, das ligações, dos mapas do site, dos canais e das exportações; o OAI-PMH informa-o como eliminado. Poderá restaurá-lo.',
  'withdrawal.reason': 'Motivo (os editores vão vê-lo)',
  'withdrawal.confirm': 'Retirar o registo',
  'withdrawal.banner': 'Retirado em {date} por {name}: {reason}',
  'withdrawal.bannerNobody': 'Retirado em {date}: {reason}',
  'withdrawal.restore': 'Restaurar',
  'withdrawal.withdrawn': 'Registo retirado.',
  'withdrawal.restored': 'Registo restaurado.',
  'knowledge.field.withdrawal': 'Retirada (motivo)',
};
