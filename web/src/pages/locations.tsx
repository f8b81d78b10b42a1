import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { Empty, LoadFailed, Loading } from '../components/fields';
import { LocationForm, type LocationInput } from '../components/location-form';
import { useSubmit } from '../components/use-form';
import { allPages, useLoad } from '../components/use-load';

export function LocationsPage() {
  const locations = useLoad(
    () => allPages((query) => unwrap(api.GET('/v1/locations', { params: { query } }))),
    [],
  );
  const [creating, setCreating] = useState(false);
  const form = useSubmit();

  async function create(input: LocationInput) {
    const created = await form.submit(() => unwrap(api.POST('/v1/locations', { body: input })));
    if (created) {
      setCreating(false);
      await locations.reload();
    }
  }

  return (
    <>
      <h1>Locations</h1>
      {locations.error && <LoadFailed error={locations.error} />}
      {locations.loading && !locations.data && <Loading what="locations" />}
      {locations.data?.length === 0 && (
        <Empty>No locations yet. Orders and their rules belong to a location.</Empty>
      )}
      {locations.data && locations.data.length > 0 && (
        <ul className="list">
          {locations.data.map((l) => (
            <li key={l.id}>
              <Link to={`/locations/${l.id}`}>{l.name}</Link> <span className="muted">{l.timezone}</span>
            </li>
          ))}
        </ul>
      )}
      {creating ? (
        <section aria-labelledby="new-location">
          <h2 id="new-location">New location</h2>
          <LocationForm submitLabel="Create location" form={form} onSubmit={(i) => void create(i)} />
        </section>
      ) : (
        <button type="button" onClick={() => setCreating(true)}>
          + Location
        </button>
      )}
    </>
  );
}
