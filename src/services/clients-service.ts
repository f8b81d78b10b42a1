import type { Pool } from 'pg';
import { initialConsent } from '../domain/consent';
import { CHANNELS, type Consent } from '../domain/types';
import { AppError, notFound } from '../errors/app-error';
import { inTransaction } from '../db/pool';
import * as clients from '../db/repositories/clients-repository';
import { getSettings } from '../db/repositories/settings-repository';
import { emailOrThrow, phoneOrThrow } from './contact-normalization';

export interface CreateClientInput {
  name: string;
  phone?: string | null;
  email?: string | null;
  consent?: Partial<Consent>;
  language?: string | null;
}

export type UpdateClientInput = Partial<CreateClientInput>;

function duplicateConflict(dup: { clientId: string; field: 'phone' | 'email' }) {
  return new AppError(409, 'duplicate_client', `A client with this ${dup.field} already exists`, {
    existingClientId: dup.clientId,
    field: dup.field,
  });
}

export async function createClient(db: Pool, companyId: string, input: CreateClientInput) {
  const settings = await getSettings(db, companyId);
  const phone = phoneOrThrow(input.phone, settings.defaultCountry) ?? null;
  const email = emailOrThrow(input.email) ?? null;
  const { consent, sources } = initialConsent(input.consent ?? {}, settings);

  return inTransaction(db, async (tx) => {
    if (settings.preventDuplicateClients) {
      await clients.lockCompanyClients(tx, companyId);
      const dup = await clients.findDuplicate(tx, companyId, { phone, email });
      if (dup) throw duplicateConflict(dup);
    }
    const client = await clients.insertClient(tx, companyId, {
      name: input.name,
      phone,
      email,
      consent,
      language: input.language ?? null,
    });
    await clients.recordConsentChanges(
      tx,
      companyId,
      client.id,
      CHANNELS.map((channel) => ({ channel, granted: consent[channel], source: sources[channel] })),
    );
    return client;
  });
}

export async function updateClient(db: Pool, companyId: string, id: string, input: UpdateClientInput) {
  const settings = await getSettings(db, companyId);
  const phone = phoneOrThrow(input.phone, settings.defaultCountry);
  const email = emailOrThrow(input.email);

  return inTransaction(db, async (tx) => {
    const contactsChange = phone !== undefined || email !== undefined;
    if (settings.preventDuplicateClients && contactsChange) await clients.lockCompanyClients(tx, companyId);
    const current = await clients.findClient(tx, companyId, id, true);
    if (!current) throw notFound('client');

    const next = {
      name: input.name ?? current.name,
      phone: phone === undefined ? current.phone : phone,
      email: email === undefined ? current.email : email,
      consent: { ...current.consent, ...definedOnly(input.consent ?? {}) },
      language: input.language === undefined ? current.language : input.language,
    };
    if (settings.preventDuplicateClients && contactsChange) {
      // Only a contact that actually changes can create a new collision.
      const dup = await clients.findDuplicate(
        tx,
        companyId,
        {
          phone: next.phone !== current.phone ? next.phone : null,
          email: next.email !== current.email ? next.email : null,
        },
        id,
      );
      if (dup) throw duplicateConflict(dup);
    }
    const updated = await clients.updateClientFields(tx, companyId, id, next);
    const changes = CHANNELS.filter((c) => next.consent[c] !== current.consent[c]).map((channel) => ({
      channel,
      granted: next.consent[channel],
      source: 'manual' as const,
    }));
    await clients.recordConsentChanges(tx, companyId, id, changes);
    return updated;
  });
}

function definedOnly(consent: Partial<Consent>): Partial<Consent> {
  return Object.fromEntries(Object.entries(consent).filter(([, v]) => typeof v === 'boolean'));
}
