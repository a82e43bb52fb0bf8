import type { esWithdrawal } from '../es/withdrawal.ts';

/** Withdrawing knowledge records (tombstones): the editors' dialog and banner, the API's errors. */
export const enWithdrawal: Record<keyof typeof esWithdrawal, string> = {
  'error.RECORD_WITHDRAWN': 'That record is already withdrawn.',
  'error.RECORD_NOT_WITHDRAWN': 'That record is not withdrawn: there is nothing to restore.',
  'withdrawal.withdraw': 'Withdraw',
  'withdrawal.dialogTitle': 'Withdraw this record',
  'withdrawal.dialogIntro': 'A withdrawn record disappears from lists, search, links, sitemaps, feeds and exports; OAI-PMH reports it as deleted. You can restore it.',
  'withdrawal.reason': 'Reason (editors will see it)',
  'withdrawal.confirm': 'Withdraw the record',
  'withdrawal.banner': 'Withdrawn on {date} by {name}: {reason}',
  'withdrawal.bannerNobody': 'Withdrawn on {date}: {reason}',
  'withdrawal.restore': 'Restore',
  'withdrawal.withdrawn': 'Record withdrawn.',
  'withdrawal.restored': 'Record restored.',
  'knowledge.field.withdrawal': 'Withdrawal (reason)',
};
