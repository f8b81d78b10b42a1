import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { FormError, LoadFailed, Loading, Saved } from '../components/fields';
import { LocationForm, type LocationInput } from '../components/location-form';
import { useSubmit } from '../components/use-form';
import { useLoad } from '../components/use-load';

export function LocationPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLoad(() => unwrap(api.GET('/v1/locations/{id}', { params: { path: { id } } })), [id]);
  const form = useSubmit();
  const removal = useSubmit();

  const save = (input: LocationInput) =>
    void form.submit(() =>
      unwrap(api.PATCH('/v1/locations/{id}', { params: { path: { id } }, body: input })),
    );
  async function remove() {
    const done = await removal.submit(async () => {
      await unwrap(api.DELETE('/v1/locations/{id}', { params: { path: { id } } }));
      return true;
    });
    if (done) void navigate('/locations');
  }

  if (location.error) return <LoadFailed error={location.error} />;
  if (!location.data) return <Loading what="the location" />;
  return (
    <>
      <h1>{location.data.name}</h1>
      <p>
        <Link to={`/notification-rules?location=${id}`}>Notification rules of this location</Link>
      </p>
      <LocationForm
        key={location.data.id}
        initial={location.data}
        submitLabel="Save location"
        form={form}
        onSubmit={save}
      />
      <Saved show={form.done}>Location saved.</Saved>
      <button type="button" className="danger" onClick={() => void remove()}>
        Delete location
      </button>
      <FormError error={removal.error} />
    </>
  );
}
