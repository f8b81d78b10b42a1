import { Link } from 'react-router';
import { api, CHANNEL_NAMES, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { Empty, LoadFailed, Loading } from '../components/fields';
import { LARGEST_PAGE, useLoad } from '../components/use-load';
import { localTime } from '../words/time';

type Message = Schemas['Outbox']['messages'][number];

/** The dev outbox: what clients would have received, newest first. */
export function OutboxPage() {
  const outbox = useLoad(async () => {
    const messages: Message[] = [];
    // The outbox's cursor is a sequence number.
    let cursor: number | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await unwrap(
        api.GET('/v1/outbox', { params: { query: { cursor, limit: LARGEST_PAGE } } }),
      );
      messages.push(...result.messages);
      if (!result.nextCursor) break;
      cursor = Number(result.nextCursor);
    }
    return messages.reverse();
  }, []);

  return (
    <>
      <h1>Outbox</h1>
      <p className="hint">
        Channels without provider credentials deliver here, so you can see what the client would have
        received.
      </p>
      <button type="button" className="secondary" onClick={() => void outbox.reload()}>
        Refresh
      </button>
      {outbox.error && <LoadFailed error={outbox.error} />}
      {outbox.loading && <Loading what="the outbox" />}
      {outbox.data?.length === 0 && (
        <Empty>No messages yet. Create an order with a matching rule, or load the demo data.</Empty>
      )}
      {outbox.data && outbox.data.length > 0 && (
        <ul className="messages" aria-label="Messages">
          {outbox.data.map((m) => (
            <li key={m.id}>
              <article aria-label={`${CHANNEL_NAMES[m.channel]} to ${m.to}`} className="card">
                <header>
                  <strong>
                    {CHANNEL_NAMES[m.channel]} to {m.to}
                  </strong>{' '}
                  <time dateTime={m.createdAt} className="muted">
                    {localTime(m.createdAt)}
                  </time>
                </header>
                {m.subject && <p className="subject">{m.subject}</p>}
                <p className="message">{m.body}</p>
                {m.orderId && <Link to={`/orders/${m.orderId}`}>Open the order</Link>}
                {m.leadId && <Link to={`/leads/${m.leadId}`}>Open the lead</Link>}
              </article>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
