/**
 * Which senders a company may use (SPEC 7): the operator assigns them, the company chooses among them
 * in its settings. Both changes lock the company row, so a setting never names a sender that is not
 * (or no longer) assigned.
 */
import type { Pool } from 'pg';
import { mayUseEmailFrom, mayUseSmsSender, type AssignedSenders } from '../domain/senders';
import { inTransaction } from '../db/pool';
import { getSenders, lockCompany, replaceSenders } from '../db/repositories/senders-repository';
import { getSettings, updateSettings, type Settings } from '../db/repositories/settings-repository';
import { AppError, notFound } from '../errors/app-error';

const senderNotAllowed = (field: 'smsSenderId' | 'emailFromAddress', value: string, allowed: string[]) =>
  new AppError(
    422,
    'sender_not_allowed',
    allowed.length === 0
      ? `${field}: no sender is assigned to this company; leave it null to send from the platform's default`
      : `${field}: "${value}" is not one of the senders assigned to this company`,
    { field, path: [field], allowed },
  );

/** Replaces the company's senders; a setting that names one no longer assigned falls back to the default. */
export async function assignSenders(
  db: Pool,
  companyId: string,
  senders: AssignedSenders,
): Promise<AssignedSenders> {
  return inTransaction(db, async (tx) => {
    if (!(await lockCompany(tx, companyId, 'update'))) throw notFound('company');
    await replaceSenders(tx, companyId, senders);
    const settings = await getSettings(tx, companyId);
    await updateSettings(tx, companyId, {
      smsSenderId: mayUseSmsSender(senders, settings.smsSenderId) ? undefined : null,
      emailFromAddress: mayUseEmailFrom(senders, settings.emailFromAddress) ? undefined : null,
    });
    return getSenders(tx, companyId);
  });
}

export async function sendersOf(db: Pool, companyId: string): Promise<AssignedSenders> {
  return inTransaction(db, async (tx) => {
    if (!(await lockCompany(tx, companyId, 'share'))) throw notFound('company');
    return getSenders(tx, companyId);
  });
}

/** A settings change; `smsSenderId` and `emailFromAddress` must be null or among the assigned senders. */
export async function updateSettingsWithinSenders(
  db: Pool,
  companyId: string,
  patch: Partial<Settings>,
): Promise<Settings> {
  return inTransaction(db, async (tx) => {
    await lockCompany(tx, companyId, 'share');
    const assigned = await getSenders(tx, companyId);
    const { smsSenderId, emailFromAddress } = patch;
    if (smsSenderId && !mayUseSmsSender(assigned, smsSenderId)) {
      throw senderNotAllowed('smsSenderId', smsSenderId, assigned.sms);
    }
    if (emailFromAddress && !mayUseEmailFrom(assigned, emailFromAddress)) {
      throw senderNotAllowed('emailFromAddress', emailFromAddress, assigned.email);
    }
    return updateSettings(tx, companyId, patch);
  });
}
