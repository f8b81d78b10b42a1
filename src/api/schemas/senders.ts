import { z } from 'zod';
import { isEmailSender, isSmsSender, normalizeEmailSender } from '../../domain/senders';

const smsSender = z
  .string()
  .trim()
  .refine(
    isSmsSender,
    'must be an E.164 number (+447700900123) or an alphanumeric sender id (1–11 letters, digits or spaces)',
  );
const emailSender = z
  .string()
  .transform(normalizeEmailSender)
  .refine(isEmailSender, 'must be an email address (shop@fixit.example) or a domain (@fixit.example)');

export const sendersSchema = z.strictObject({
  sms: z.array(smsSender).max(100).default([]),
  email: z.array(emailSender).max(100).default([]),
});
