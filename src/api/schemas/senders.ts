import { z } from 'zod';
import { isEmailSender, isSmsSender, normalizeEmailSender } from '../../domain/senders';
import { documented } from '../openapi/documented';

const smsSender = documented(
  z
    .string()
    .trim()
    .refine(
      isSmsSender,
      'must be an E.164 number (+447700900123) or an alphanumeric sender id (1–11 letters, digits or spaces)',
    ),
  {
    anyOf: [
      { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', description: 'An E.164 number' },
      {
        type: 'string',
        pattern: '^[A-Za-z0-9 ]*[A-Za-z][A-Za-z0-9 ]*$',
        maxLength: 11,
        description: 'An alphanumeric sender id: 1–11 letters, digits or spaces, at least one letter',
      },
    ],
    example: '+447700900123',
  },
);
const emailSender = documented(
  z
    .string()
    .transform(normalizeEmailSender)
    .refine(isEmailSender, 'must be an email address (shop@fixit.example) or a domain (@fixit.example)'),
  {
    type: 'string',
    pattern: '^[^\\s@]*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$',
    maxLength: 254,
    example: '@fixit.example',
    description:
      'An address (shop@fixit.example) or @domain for any address at exactly that domain; compared lower-cased.',
  },
);

export const sendersSchema = z.strictObject({
  sms: z.array(smsSender).max(100).default([]),
  email: z.array(emailSender).max(100).default([]),
});
