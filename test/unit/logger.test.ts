import { Writable } from 'node:stream';
import express from 'express';
import pinoHttp from 'pino-http';
import request from 'supertest';
import { createLogger } from '../../src/logger';

describe('request logs', () => {
  test('when a request carries an API key, then the log line has the request but not the key', async () => {
    // Arrange
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = express();
    app.use(pinoHttp({ logger: createLogger('info', sink) }));
    app.get('/v1/settings', (_req, res) => res.json({}));

    // Act
    await request(app).get('/v1/settings').set('Authorization', 'Bearer cn_secret_key_123');

    // Assert
    const logged = lines.join('');
    expect(logged).toContain('/v1/settings');
    expect(logged).toContain('[redacted]');
    expect(logged).not.toContain('cn_secret_key_123');
  });
});
