import { Router } from 'express';
import * as locations from '../../db/repositories/locations-repository';
import { hasAnyOpenInterval } from '../../domain/working-hours';
import { AppError, invalidField, notFound } from '../../errors/app-error';
import { updateLocationAnnounced } from '../../services/location-changes-service';
import { companyOf, type ApiDeps } from '../deps';
import { listQuerySchema } from '../schemas/common';
import { locationCreateSchema, locationPatchSchema } from '../schemas/locations';
import { parseInput, uuidParam } from '../validate';

export function locationsRouter({ db, wakeEventRelay }: ApiDeps): Router {
  const router = Router();

  async function load(companyId: string, id: string) {
    const location = uuidParam.safeParse(id).success ? await locations.findLocation(db, companyId, id) : null;
    if (!location) throw notFound('location');
    return location;
  }

  router.post('/', async (req, res) => {
    const input = parseInput(locationCreateSchema, req.body);
    const location = await locations.insertLocation(db, companyOf(res), {
      ...input,
      address: input.address ?? null,
      phone: input.phone ?? null,
    });
    res.status(201).json(location);
  });
  router.get('/', async (req, res) => {
    res.json(await locations.listLocations(db, companyOf(res), parseInput(listQuerySchema, req.query)));
  });
  router.get('/:id', async (req, res) => {
    res.json(await load(companyOf(res), req.params.id));
  });
  router.patch('/:id', async (req, res) => {
    const current = await load(companyOf(res), req.params.id);
    const patch = parseInput(locationPatchSchema, req.body);
    const next = {
      name: patch.name ?? current.name,
      timezone: patch.timezone ?? current.timezone,
      address: patch.address === undefined ? current.address : patch.address,
      phone: patch.phone === undefined ? current.phone : patch.phone,
      workingHours: patch.workingHours ?? current.workingHours,
    };
    // Sends of its workingHoursOnly rules would wait forever for a location that never opens (SPEC 5).
    if (
      !hasAnyOpenInterval(next.workingHours) &&
      (await locations.countWorkingHoursOnlyRules(db, companyOf(res), current.id)) > 0
    ) {
      throw invalidField(
        ['workingHours'],
        'has no open interval, but enabled workingHoursOnly rules of this location would then wait forever; disable them or give them workingHoursOnly: false first',
      );
    }
    const { location, announced } = await updateLocationAnnounced(db, companyOf(res), current, next);
    if (announced > 0) wakeEventRelay();
    res.json(location);
  });
  router.delete('/:id', async (req, res) => {
    const current = await load(companyOf(res), req.params.id);
    const outcome = await locations.deleteLocation(db, companyOf(res), current.id);
    if (outcome === 'not_found') throw notFound('location');
    if (outcome === 'has_orders')
      throw new AppError(409, 'location_in_use', 'Orders still belong to this location');
    if (outcome === 'has_rules')
      throw new AppError(409, 'location_in_use', 'Notification rules still belong to this location');
    res.status(204).end();
  });
  return router;
}
