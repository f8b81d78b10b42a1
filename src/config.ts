import { z } from 'zod';
import { StartupProblem } from './startup-problems';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const boolFlag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: optionalString,
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('notifications'),
  // The operator token guards every company: one short enough to guess is refused at start.
  ADMIN_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 24, {
    message: 'must be at least 24 characters (e.g. openssl rand -base64 24)',
  }),
  PUBLIC_BASE_URL: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIGRATE_ON_START: boolFlag,
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_URL: optionalString,
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  EVENT_RELAY_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  EVENT_RELAY_PARTITIONS: z.coerce.number().int().min(1).max(1024).default(16),
  EVENT_RELAY_CALL_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  EVENT_RELAY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  EVENT_RETENTION_DAYS: z.coerce.number().positive().default(7),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).default(10),
  WORKER_DATABASE_POOL_MAX: z.coerce.number().int().min(1).default(20),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  WORKER_CACHE_MEMORY_MB: z.coerce.number().int().min(1).optional(),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(40),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
  WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: z.coerce.number().int().min(1).default(100),
  WORKFLOW_BUNDLE_PATH: optionalString,
  SEND_RATE_SMS: z.coerce.number().positive().optional(),
  SEND_RATE_WHATSAPP: z.coerce.number().positive().optional(),
  SEND_RATE_VIBER: z.coerce.number().positive().optional(),
  SEND_RATE_EMAIL: z.coerce.number().positive().optional(),
  RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(50),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(100),
  TWILIO_ACCOUNT_SID: optionalString,
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_SMS_FROM: optionalString,
  TWILIO_MESSAGING_SERVICE_SID: optionalString,
  TWILIO_WHATSAPP_FROM: optionalString,
  TWILIO_BASE_URL: optionalString,
  POSTMARK_SERVER_TOKEN: optionalString,
  POSTMARK_FROM: optionalString,
  POSTMARK_FROM_NAME: optionalString,
  POSTMARK_MESSAGE_STREAM: optionalString,
  POSTMARK_REQUEST_HOST: optionalString,
  POSTMARK_WEBHOOK_USER: optionalString,
  POSTMARK_WEBHOOK_PASSWORD: optionalString,
  VONAGE_APPLICATION_ID: optionalString,
  VONAGE_PRIVATE_KEY: optionalString,
  VONAGE_VIBER_FROM: optionalString,
  VONAGE_API_HOST: optionalString,
});

export type Env = z.infer<typeof envSchema>;

/**
 * Parses the environment once, failing fast with the name of every bad variable (never its value, which
 * may be a secret).
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const variables = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))];
    // zod's "Invalid input: expected number, …": the part after the category says what is expected.
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.')}: ${i.message.replace(/^[A-Z][a-z ]+: /, '')}`)
      .join('; ');
    throw new StartupProblem(
      `invalid environment (${problems}): fix or unset ${variables.join(', ')} (see .env.example)`,
    );
  }
  return parsed.data;
}
