import { Router } from 'express';
import * as templates from '../../db/repositories/templates-repository';
import { assertTemplateSaves } from '../../services/template-validation';
import { previewTemplate } from '../../services/template-preview-service';
import { AppError, notFound } from '../../errors/app-error';
import { companyOf, type ApiDeps } from '../deps';
import { listQuerySchema } from '../schemas/common';
import { templateCreateSchema, templatePatchSchema, templatePreviewSchema } from '../schemas/templates';
import { parseInput, uuidParam } from '../validate';

const templateInUse = () =>
  new AppError(
    409,
    'template_in_use',
    'Notification rules still use this template; change or delete them first',
  );

/** PostgreSQL foreign_key_violation: a rule took the template between our check and the DELETE. */
const isForeignKeyViolation = (err: unknown) => (err as { code?: string })?.code === '23503';

export function templatesRouter({ db }: ApiDeps): Router {
  const router = Router();

  async function load(companyId: string, id: string) {
    const template = uuidParam.safeParse(id).success ? await templates.findTemplate(db, companyId, id) : null;
    if (!template) throw notFound('template');
    return template;
  }

  // Before '/:id' routes for readability; POST has no '/:id' sibling anyway.
  router.post('/preview', async (req, res) => {
    res.json(await previewTemplate(db, companyOf(res), parseInput(templatePreviewSchema, req.body)));
  });
  router.post('/', async (req, res) => {
    const input = parseInput(templateCreateSchema, req.body);
    const template = {
      name: input.name,
      subject: input.subject ?? null,
      body: input.body,
      translations: input.translations ?? {},
    };
    await assertTemplateSaves(template);
    res.status(201).json(await templates.insertTemplate(db, companyOf(res), template));
  });
  router.get('/', async (req, res) => {
    res.json(await templates.listTemplates(db, companyOf(res), parseInput(listQuerySchema, req.query)));
  });
  router.get('/:id', async (req, res) => {
    res.json(await load(companyOf(res), req.params.id));
  });
  router.patch('/:id', async (req, res) => {
    const current = await load(companyOf(res), req.params.id);
    const patch = parseInput(templatePatchSchema, req.body);
    const next = {
      id: current.id,
      name: patch.name ?? current.name,
      subject: patch.subject === undefined ? current.subject : patch.subject,
      body: patch.body ?? current.body,
      translations: patch.translations ?? current.translations,
    };
    await assertTemplateSaves(next);
    res.json(await templates.updateTemplate(db, companyOf(res), next));
  });
  router.delete('/:id', async (req, res) => {
    const current = await load(companyOf(res), req.params.id);
    let outcome: 'deleted' | 'in_use';
    try {
      outcome = await templates.deleteTemplate(db, companyOf(res), current.id);
    } catch (err) {
      if (isForeignKeyViolation(err)) throw templateInUse();
      throw err;
    }
    if (outcome === 'in_use') throw templateInUse();
    res.status(204).end();
  });
  return router;
}
