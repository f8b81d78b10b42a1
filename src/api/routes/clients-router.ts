import { Router } from 'express';
import { diagnoseChannels } from '../../domain/consent';
import * as clients from '../../db/repositories/clients-repository';
import { createClient, updateClient } from '../../services/clients-service';
import { emailOrThrow, phoneOrThrow } from '../../services/contact-normalization';
import { getSettings } from '../../db/repositories/settings-repository';
import { notFound } from '../../errors/app-error';
import { MAX_PAGE_SIZE } from '../../db/pagination';
import { companyOf, type ApiDeps } from '../deps';
import { feedQuerySchema } from '../schemas/orders';
import { clientCreateSchema, clientListQuerySchema, clientPatchSchema } from '../schemas/clients';
import { parseInput, uuidParam } from '../validate';

export function clientsRouter({ db }: ApiDeps): Router {
  const router = Router();

  async function load(companyId: string, id: string) {
    const client = uuidParam.safeParse(id).success ? await clients.findClient(db, companyId, id) : null;
    if (!client) throw notFound('client');
    return client;
  }

  router.post('/', async (req, res) => {
    const input = parseInput(clientCreateSchema, req.body);
    res.status(201).json(await createClient(db, companyOf(res), input));
  });
  router.get('/', async (req, res) => {
    const query = parseInput(clientListQuerySchema, req.query);
    const settings = await getSettings(db, companyOf(res));
    // Filters match stored (normalized) contacts, so normalize what the caller typed the same way.
    res.json(
      await clients.listClients(db, companyOf(res), {
        cursor: query.cursor,
        limit: query.limit,
        phone: phoneOrThrow(query.phone, settings.defaultCountry) ?? undefined,
        email: emailOrThrow(query.email) ?? undefined,
      }),
    );
  });
  router.get('/:id', async (req, res) => {
    res.json(await load(companyOf(res), req.params.id));
  });
  router.patch('/:id', async (req, res) => {
    await load(companyOf(res), req.params.id);
    const input = parseInput(clientPatchSchema, req.body);
    res.json(await updateClient(db, companyOf(res), req.params.id, input));
  });
  router.get('/:id/consent-history', async (req, res) => {
    const client = await load(companyOf(res), req.params.id);
    res.json(await clients.listConsentHistory(db, client.id, parseInput(feedQuerySchema, req.query)));
  });
  router.get('/:id/diagnostics', async (req, res) => {
    const companyId = companyOf(res);
    const client = await load(companyId, req.params.id);
    const [{ duplicates, truncated }, suppressed] = await Promise.all([
      clients.listDuplicates(db, companyId, client, MAX_PAGE_SIZE),
      clients.suppressedChannels(db, companyId, client),
    ]);
    const { channels } = diagnoseChannels({ client, suppressedChannels: suppressed, duplicates });
    // At most 100 duplicates are listed; `duplicatesTruncated` says there are more (GET /v1/clients?phone=).
    res.json({ clientId: client.id, channels, duplicates, duplicatesTruncated: truncated });
  });
  return router;
}
