import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { accessLog } from '../../src/api/access-log';
import { createLogger } from '../../src/logger';

/** An app with the API's access log, writing its lines into `lines`. */
function loggedApp(lines: string[]) {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = express();
  app.use(accessLog(createLogger('info', sink)));
  app.use(express.json());
  app.get('/v1/clients', (_req, res) => res.json({ items: [] }));
  app.post('/v1/clients', (req, res) => res.status(201).json(req.body));
  return app;
}

describe('access logs', () => {
  test('when a request carries an API key, then the log line has the request but not the key', async () => {
    // Arrange
    const lines: string[] = [];

    // Act
    await request(loggedApp(lines)).get('/v1/clients').set('Authorization', 'Bearer cn_secret_key_123');

    // Assert
    const logged = lines.join('');
    expect(logged).toContain('/v1/clients');
    expect(logged).not.toContain('cn_secret_key_123');
  });

  test('when a query string or a body holds a phone number and an email address, then neither is logged', async () => {
    // Arrange
    const lines: string[] = [];
    const app = loggedApp(lines);

    // Act
    await request(app).get('/v1/clients?phone=%2B380501234567&email=olena%40example.com');
    await request(app)
      .post('/v1/clients')
      .send({ name: 'Olena', phone: '+380501234567', email: 'olena@example.com' });

    // Assert
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.map((e) => [e.req.method, e.req.path, e.res.statusCode])).toEqual([
      ['GET', '/v1/clients', 200],
      ['POST', '/v1/clients', 201],
    ]);
    const logged = lines.join('');
    for (const personal of ['380501234567', 'olena', 'Olena', '%40example'])
      expect(logged).not.toContain(personal);
  });
});
