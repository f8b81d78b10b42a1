/**
 * Provider webhooks (public, outside /v1): they authenticate themselves — Twilio with its request
 * signature, Postmark with the HTTP Basic credentials set in its webhook settings. A provider whose
 * credentials are not configured has no webhook (404), so nothing unauthenticated is ever accepted.
 *
 * Success is always a fast 2xx, also for messages we do not know, because providers retry non-2xx.
 */
import { Router, type Request } from 'express';
import {
  parsePostmarkWebhook,
  parseTwilioInbound,
  parseTwilioStatus,
  verifyPostmarkBasicAuth,
  verifyTwilioSignature,
} from '../../providers/webhook-auth';
import { applyPostmarkEvent, applyTwilioInbound, applyTwilioStatus } from '../../services/webhooks-service';
import { AppError } from '../../errors/app-error';
import type { ApiDeps } from '../deps';

const notConfigured = (provider: string) =>
  new AppError(404, 'webhooks_not_configured', `${provider} webhooks are not configured`);

function formParams(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** Masks a phone number for logs: `+380501234567` → `+38050*****67`. */
const maskPhone = (phone: string | null) =>
  phone ? phone.slice(0, 6) + '*'.repeat(Math.max(0, phone.length - 8)) + phone.slice(-2) : null;

export function webhooksRouter({ db, logger, webhooks = {} }: ApiDeps): Router {
  const router = Router();

  /** Throws unless the request carries a valid Twilio signature for the URL Twilio was given. */
  function verifyTwilio(req: Request): Record<string, unknown> {
    const token = webhooks.twilioAuthToken;
    if (!token) throw notConfigured('Twilio');
    const base = (webhooks.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? ''}`).replace(/\/+$/, '');
    const params = formParams(req);
    if (!verifyTwilioSignature(token, req.get('x-twilio-signature'), `${base}${req.originalUrl}`, params)) {
      throw new AppError(403, 'invalid_signature', 'The X-Twilio-Signature header is missing or invalid');
    }
    return params;
  }

  router.post('/twilio/status', async (req, res) => {
    const update = parseTwilioStatus(verifyTwilio(req));
    const outcome = await applyTwilioStatus(db, update);
    logger.debug(
      { provider: 'twilio', messageSid: update.providerMessageId, status: update.status, outcome },
      'twilio status callback',
    );
    res.status(200).json({ received: true, outcome });
  });

  router.post('/twilio/inbound', async (req, res) => {
    const message = parseTwilioInbound(verifyTwilio(req));
    const { revokedClientIds, duplicate } = await applyTwilioInbound(db, message);
    if (message.optKeyword) {
      logger.info(
        {
          provider: 'twilio',
          channel: message.channel,
          from: maskPhone(message.from),
          keyword: message.optKeyword,
          revokedClients: revokedClientIds.length,
          duplicate,
        },
        'inbound opt keyword',
      );
    }
    // Empty TwiML: no auto-reply from us (Twilio's own opt-out handling answers STOP on SMS).
    res.status(200).type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  router.post('/postmark', async (req, res) => {
    const { postmarkUser, postmarkPassword } = webhooks;
    if (!postmarkUser || postmarkPassword === undefined) throw notConfigured('Postmark');
    if (!verifyPostmarkBasicAuth(req.get('authorization'), postmarkUser, postmarkPassword)) {
      res.set('WWW-Authenticate', 'Basic realm="webhooks", charset="UTF-8"');
      throw new AppError(401, 'unauthorized', 'Missing or invalid webhook credentials');
    }
    const event = parsePostmarkWebhook(req.body);
    const outcome = await applyPostmarkEvent(db, event);
    logger.debug(
      { provider: 'postmark', recordType: event.recordType, messageId: event.providerMessageId, ...outcome },
      'postmark webhook',
    );
    res.status(200).json({ received: true, outcome: outcome.delivery });
  });

  return router;
}
