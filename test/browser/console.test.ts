import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEFAULT_RATE_LIMIT } from '../../src/api/rate-limit';
import { createCompany } from '../../src/db/repositories/companies-repository';
import { ensureConsoleBuilt, launchBrowser, listen, recordPageErrors, step } from '../support/browser';
import { useSharedE2EStack } from '../support/e2e-stack';

const TEMPORAL_UI = 'http://temporal-ui.test:8233';
// A tenant's default rate limit: the console must work within what a real company's key is allowed.
const stack = useSharedE2EStack({
  console: { temporalUiUrl: TEMPORAL_UI, temporalNamespace: 'default' },
  rateLimit: DEFAULT_RATE_LIMIT,
});

/** Messages reach the feed through the relay, Temporal and the worker: seconds, not milliseconds. */
const ARRIVES = { timeout: 30_000 };

let browser: Browser;
let context: BrowserContext;
let page: Page;
let server: Awaited<ReturnType<typeof listen>>;
let apiKey: string;
let companyId: string;

beforeAll(async () => {
  ensureConsoleBuilt();
  browser = await launchBrowser();
  server = await listen(stack().app);
  ({
    apiKey,
    company: { id: companyId },
  } = await createCompany(stack().db, 'Fixit Repairs'));
  context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  recordPageErrors(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const form = (name: string) => page.getByRole('form', { name });
const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

describe('the manager console, clicked through as a manager would', () => {
  test('when the manager signs in with the API key, then the console greets them', async () => {
    await step(page, 'sign in', async () => {
      await page.goto('/');
      await page.getByLabel('API key').fill('cn_wrong');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('This API key is not valid.').waitFor();

      await page.getByLabel('API key').fill(apiKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    });
  });

  test('when the manager ticks the consent defaults and duplicate prevention, then they are saved', async () => {
    await step(page, 'settings', async () => {
      await nav('Settings').click();
      await page
        .getByRole('checkbox', { name: /Clients consent to messages on their phone numbers by default/ })
        .check();
      await page.getByRole('checkbox', { name: /Prevent creating a client/ }).check();
      await page.getByLabel('Default country').fill('ZZ');
      await page.getByRole('button', { name: 'Save settings' }).click();
      // The API's message appears next to the field it names.
      await page.getByRole('alert').filter({ hasText: 'not an ISO 3166-1 alpha-2 country code' }).waitFor();

      await page.getByLabel('Default country').fill('UA');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved.').waitFor();
      await page.reload();
      await page.getByRole('checkbox', { name: /on their phone numbers by default/ }).waitFor();
      expect(
        await page.getByRole('checkbox', { name: /on their phone numbers by default/ }).isChecked(),
      ).toBe(true);
      expect(await page.getByRole('checkbox', { name: /email notifications by default/ }).isChecked()).toBe(
        false,
      );
    });
  });

  test('when the manager creates a location with split hours and 24:00, then it is listed', async () => {
    await step(page, 'location', async () => {
      await nav('Locations').click();
      await page.getByRole('button', { name: '+ Location' }).click();
      const f = form('Create location');
      await f.getByLabel('Name').fill('Main Street');
      await f.getByLabel('Time zone').fill('Europe/Kyiv');
      await f.getByRole('button', { name: 'Add hours on Monday' }).click();
      await f.getByLabel('Monday 1 to').fill('13:00');
      await f.getByRole('button', { name: 'Add hours on Monday' }).click();
      await f.getByLabel('Monday 2 to').fill('24:00');
      await f.getByRole('button', { name: 'Copy Monday to Tuesday–Friday' }).click();
      await f.getByRole('button', { name: 'Add hours on Sunday' }).click();
      await f.getByLabel('Sunday 1 to').fill('25:00');
      await f.getByRole('button', { name: 'Create location' }).click();
      await f.getByRole('alert').filter({ hasText: 'Sunday' }).waitFor();

      await f.getByLabel('Sunday 1 to').fill('24:00');
      await f.getByRole('button', { name: 'Create location' }).click();
      await page.getByRole('link', { name: 'Main Street' }).click();
      await page.getByRole('heading', { name: 'Main Street' }).waitFor();
      expect(await page.getByLabel('Friday 2 to').inputValue()).toBe('24:00');
      expect(await page.getByLabel('Monday 1 from').inputValue()).toBe('09:00');
    });
  });

  test('when the manager adds order statuses, one of them final, then both lists show them', async () => {
    await step(page, 'statuses', async () => {
      await nav('Statuses').click();
      const f = form('New status');
      for (const [name, final] of [
        ['Received', false],
        ['Ready for pickup', false],
        ['Closed', true],
      ] as const) {
        await f.getByLabel('Status name').fill(name);
        if (final) await f.getByRole('checkbox', { name: /Final/ }).check();
        await f.getByRole('button', { name: 'Create status' }).click();
        await page.getByRole('cell', { name, exact: true }).waitFor();
      }
      expect(await page.getByRole('checkbox', { name: 'Closed is final' }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: 'Received is final' }).isChecked()).toBe(false);
    });
  });

  test('when a template names an unknown variable, then saving points at the line and column; fixed, it previews and saves', async () => {
    await step(page, 'template', async () => {
      await nav('Templates').click();
      await page.getByRole('link', { name: '+ Template' }).click();
      const f = form('Template');
      await f.getByLabel('Name').fill('Ready');
      await f.getByLabel('Body').fill('Hi {{ client.name }},\norder {{ order.numbr }} is ready.');
      await f.getByRole('button', { name: 'Save template' }).click();
      await f.getByRole('alert').filter({ hasText: 'line 2, column' }).waitFor();

      await f
        .getByLabel('Body')
        .fill('Hi {{ client.name }}, order {{ order.number }} is {{ order.status }}.');
      // The live preview renders sample data as it would be sent.
      await page
        .getByRole('region', { name: 'Preview' })
        .getByText(/^Hi .+, order .+ is .+\.$/)
        .waitFor();
      await f.getByRole('button', { name: 'Save template' }).click();
      await page.getByText('Template saved.').waitFor();
    });
  });

  test('when the manager presses "+ Notification" on the location, then the rule is listed in words', async () => {
    await step(page, 'rule', async () => {
      await nav('Notification rules').click();
      await page.getByLabel('Rules of').selectOption({ label: 'Orders at Main Street' });
      await page.getByRole('button', { name: '+ Notification' }).click();
      const f = form('New notification');
      await f.getByLabel('Trigger').selectOption({ label: 'Status changed to…' });
      await f.getByLabel('Status').selectOption({ label: 'Ready for pickup' });
      await f.getByLabel('Channel').selectOption({ label: 'SMS' });
      await f.getByLabel('Template').selectOption({ label: 'Ready' });
      await f.getByRole('button', { name: 'Create' }).click();
      await page
        .getByText('Status changed to “Ready for pickup” → SMS with “Ready”', { exact: true })
        .waitFor();
    });
  });

  test('when the manager creates a client and then one with the same phone, then the second is refused with a link to the first', async () => {
    await step(page, 'clients', async () => {
      await nav('Clients').click();
      const f = form('New client');
      await f.getByLabel('Name').fill('Olena K.');
      await f.getByLabel('Phone').fill('050 123 4567');
      await f.getByRole('button', { name: 'Create client' }).click();
      await f.getByRole('status').filter({ hasText: 'Client created' }).waitFor();

      await f.getByLabel('Name').fill('Olena Kovalenko');
      await f.getByLabel('Phone').fill('+380501234567');
      await f.getByRole('button', { name: 'Create client' }).click();
      await f.getByText('A client with this phone number already exists').waitFor();
      await f.getByRole('link', { name: 'open the existing client' }).click();
      await page.getByRole('heading', { name: 'Olena K.' }).waitFor();
      // The phone default applied at creation: SMS on, email off.
      expect(await page.getByRole('switch', { name: 'SMS' }).isChecked()).toBe(true);
      expect(await page.getByRole('switch', { name: 'Email' }).isChecked()).toBe(false);
      await page.getByText('No Email: the client has no email address').waitFor();
      await page.getByRole('cell', { name: 'company default' }).first().waitFor();
    });
  });

  test('when the manager creates an order and sets it "Ready for pickup", then the timeline shows the SMS sent and the outbox holds it', async () => {
    await step(page, 'order', async () => {
      await nav('Orders').click();
      const f = form('New order');
      await f.getByLabel('Client').selectOption({ label: 'Olena K. (+380501234567)' });
      await f.getByLabel('Location').selectOption({ label: 'Main Street' });
      await f.getByLabel('Status').selectOption({ label: 'Received' });
      await f.getByLabel('Number').fill('A-100');
      await f.getByRole('button', { name: 'Create order' }).click();
      await page.getByRole('heading', { name: 'Order A-100' }).waitFor();
      const timeline = page.getByRole('list', { name: 'Timeline' });
      await timeline.getByText('Order created in status “Received”').waitFor(ARRIVES);

      const simulate = form('Simulate a change');
      await simulate.getByLabel('Status').selectOption({ label: 'Ready for pickup' });
      await simulate.getByRole('button', { name: 'Simulate' }).click();
      await page
        .getByRole('list', { name: 'Would send' })
        .getByText('Hi Olena K., order A-100 is Ready for pickup.')
        .waitFor();

      await form('Change status').getByLabel('New status').selectOption({ label: 'Ready for pickup' });
      await form('Change status').getByRole('button', { name: 'Change status' }).click();
      await timeline.getByText('Status changed from “Received” to “Ready for pickup”').waitFor(ARRIVES);
      await timeline.getByText('Notification sent by SMS to +380501234567').waitFor(ARRIVES);
      await timeline.getByText('notification.sent').waitFor();

      const link = page.getByRole('link', { name: 'Open the workflow in the Temporal Web UI' });
      expect(await link.getAttribute('href')).toMatch(
        new RegExp(`^${TEMPORAL_UI}/namespaces/default/workflows/order-${companyId}-[0-9a-f-]{36}$`),
      );

      await nav('Outbox').click();
      const message = page.getByRole('article', { name: 'SMS to +380501234567' });
      await message.getByText('Hi Olena K., order A-100 is Ready for pickup.').waitFor();
    });
  });

  test('when a reason applies, then the timeline says it in words', async () => {
    await step(page, 'reasons', async () => {
      // Olena withdraws SMS consent; the next "Ready for pickup" is not sent, and the feed says why.
      await nav('Clients').click();
      await page.getByRole('link', { name: 'Olena K.' }).click();
      await page.getByRole('switch', { name: 'SMS' }).uncheck();
      await page.getByText('No SMS: the client has not agreed to SMS.').waitFor();

      await nav('Orders').click();
      await page.getByRole('link', { name: 'Order A-100' }).click();
      const change = form('Change status');
      await change.getByLabel('New status').selectOption({ label: 'Received' });
      await change.getByRole('button', { name: 'Change status' }).click();
      const timeline = page.getByRole('list', { name: 'Timeline' });
      await timeline.getByText('Status changed from “Ready for pickup” to “Received”').waitFor(ARRIVES);
      await change.getByLabel('New status').selectOption({ label: 'Ready for pickup' });
      await change.getByRole('button', { name: 'Change status' }).click();
      await timeline.getByText('Because the client has not agreed to SMS.').waitFor(ARRIVES);
    });
  });

  test('when the manager selects two rules and sets their channel, then both change at once; deleting them empties the list', async () => {
    await step(page, 'bulk', async () => {
      await nav('Notification rules').click();
      await page.getByLabel('Rules of').selectOption({ label: 'Orders at Main Street' });
      await page.getByRole('button', { name: '+ Reminder' }).click();
      const f = form('New reminder');
      await f.getByLabel('Channel').selectOption({ label: 'SMS' });
      await f.getByLabel('Remind before the due date').fill('2');
      await f.getByLabel('Reminder unit').selectOption({ label: 'hours' });
      await f.getByLabel('Template').selectOption({ label: 'Ready' });
      await f.getByRole('button', { name: 'Create' }).click();
      await page.getByText('2 hours before the due date → SMS with “Ready”', { exact: true }).waitFor();

      await page.getByRole('checkbox', { name: /^Select Status changed to/ }).check();
      await page.getByRole('checkbox', { name: /^Select 2 hours before/ }).check();
      await page.getByLabel('New channel').selectOption({ label: 'WhatsApp' });
      await page.getByRole('button', { name: 'Set channel' }).click();
      await page.getByText('2 rules changed.').waitFor();
      await page
        .getByText('Status changed to “Ready for pickup” → WhatsApp with “Ready”', { exact: true })
        .waitFor();
      await page.getByText('2 hours before the due date → WhatsApp with “Ready”', { exact: true }).waitFor();

      await page.getByRole('checkbox', { name: /^Select Status changed to/ }).check();
      await page.getByRole('checkbox', { name: /^Select 2 hours before/ }).check();
      await page.getByRole('button', { name: 'Delete selected' }).click();
      await page.getByText('2 rules deleted.').waitFor();
      await page.getByText('No notifications yet.').waitFor();
      await page.getByText('No reminders yet.').waitFor();
    });
  });

  test('when a newcomer presses "Load demo data", then the first notification is in the timeline and the outbox within a minute', async () => {
    await step(page, 'demo data', async () => {
      await nav('Home').click();
      await page.getByRole('button', { name: 'Load demo data' }).click();
      await page.getByRole('status').filter({ hasText: 'Demo data created' }).getByRole('link').click();
      const timeline = page.getByRole('list', { name: 'Timeline' });
      await timeline.getByText(/^Notification sent by SMS to \+38050/).waitFor({ timeout: 60_000 });
      await page
        .getByRole('list', { name: 'Pending' })
        .getByText(/^Reminder by Email at/)
        .waitFor();
      if (process.env.CONSOLE_SCREENSHOTS) {
        await page.screenshot({
          path: path.join(process.env.CONSOLE_SCREENSHOTS, 'console-order.png'),
          fullPage: true,
        });
      }

      await nav('Outbox').click();
      await page
        .getByRole('article', { name: /^SMS to \+38050/ })
        .getByText(/^Hi Olena Demo, we have your order/)
        .waitFor();
    });
  });

  test('when the console is 390 px wide, then the order page fits without sideways scrolling', async () => {
    await step(page, 'phone width', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await nav('Orders').click();
      await page.getByRole('link', { name: 'Order A-100' }).click();
      await page.getByRole('list', { name: 'Timeline' }).waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      if (process.env.CONSOLE_SCREENSHOTS) {
        await page.screenshot({ path: path.join(process.env.CONSOLE_SCREENSHOTS, 'console-390.png') });
      }
    });
  });

  test('when the manager signs out, then the key is gone from the session and the sign-in page is back', async () => {
    await step(page, 'sign out', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key').waitFor();
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
      await page.goto('/orders');
      await page.getByLabel('API key').waitFor();
    });
  });
});
