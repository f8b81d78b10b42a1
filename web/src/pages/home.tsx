import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Order } from '../api/client';
import { unwrap } from '../api/errors';
import { FormError } from '../components/fields';
import { useSubmit } from '../components/use-form';

export function HomePage() {
  const { submit, error, busy } = useSubmit();
  const [order, setOrder] = useState<Order>();

  const loadDemo = async () => {
    const demo = await submit(() => unwrap(api.POST('/v1/demo')));
    if (demo) setOrder(demo.order);
  };

  return (
    <>
      <h1>Welcome</h1>
      <p>
        Clients hear about their orders and leads only on the channels they agreed to. Set the consent
        defaults in <Link to="/settings">Settings</Link>, add a <Link to="/locations">location</Link> with its
        working hours, <Link to="/statuses">statuses</Link> and <Link to="/templates">templates</Link>, then
        press “+ Notification” or “+ Reminder” under <Link to="/notification-rules">Notification rules</Link>.
      </p>
      <section aria-labelledby="demo-heading" className="card">
        <h2 id="demo-heading">Try it with demo data</h2>
        <p>
          Creates a location with working hours, statuses, templates, rules, a client who agreed to every
          channel and an order. Its “order received” SMS reaches the <Link to="/outbox">outbox</Link> within
          seconds.
        </p>
        <button type="button" onClick={() => void loadDemo()} disabled={busy}>
          Load demo data
        </button>
        <FormError error={error} />
        {order && (
          <p role="status">
            Demo data created. Open <Link to={`/orders/${order.id}`}>order {order.number}</Link> to follow its
            timeline.
          </p>
        )}
      </section>
    </>
  );
}
