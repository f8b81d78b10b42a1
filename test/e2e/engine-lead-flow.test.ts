import { workflowIdFor } from '../../src/workflows/definitions';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType, types } from '../support/feed';
import { recordHistory } from '../support/histories';

const stack = useSharedE2EStack({ timeSkipping: true });

describe('lead notifications (time-skipping server, real activities)', () => {
  test('when a lead is created and later moved to the rule status, then both rules send, and another status sends nothing', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const template = await shop.template('Hi {{client.name}}, lead {{lead.number}} is {{lead.status}}.');
    const created = await shop.rule({
      entity: 'lead',
      trigger: { type: 'lead.created' },
      templateId: template.id,
    });
    const qualified = await shop.rule({
      entity: 'lead',
      trigger: { type: 'lead.status_changed_to', statusId: shop.leadStatuses.qualified.id },
      channel: 'email',
      templateId: template.id,
    });
    const lost = await shop.ok(shop.http.post('/v1/statuses', { entity: 'lead', name: 'Lost' }));

    // Act
    const lead = await shop.ok(
      shop.http.post('/v1/leads', {
        clientId: shop.client.id,
        statusId: shop.leadStatuses.new.id,
        number: 'L-1',
      }),
    );
    await shop.waitForLeadFeed(lead.id, 'notification.sent');
    await shop.ok(shop.http.patch(`/v1/leads/${lead.id}`, { statusId: lost.id }));
    await shop.ok(shop.http.patch(`/v1/leads/${lead.id}`, { statusId: shop.leadStatuses.qualified.id }));
    const feed = await shop.waitForLeadFeed(lead.id, 'notification.sent', 'notification.sent');
    const messages = await eventually(async () => {
      const m = await shop.leadOutbox(lead.id);
      return m.length === 2 ? m : undefined;
    });

    // Assert
    expect(types(feed)).toEqual([
      'lead.created',
      'notification.sent',
      'lead.status_changed',
      'lead.status_changed',
      'notification.sent',
    ]);
    expect(ofType(feed, 'notification.sent').map((e) => e.ruleId)).toEqual([created.id, qualified.id]);
    expect(messages).toEqual([
      expect.objectContaining({ channel: 'sms', to: '+380501234567', body: 'Hi Olena, lead L-1 is New.' }),
      expect.objectContaining({
        channel: 'email',
        to: 'olena@example.com',
        // The template has no subject line, so the email carries the template's name instead.
        subject: template.name,
        body: 'Hi Olena, lead L-1 is Qualified.',
        leadId: lead.id,
        orderId: null,
      }),
    ]);
    expect((await shop.ok(shop.http.get(`/v1/leads/${lead.id}`))).pending).toEqual([]);
    await recordHistory(
      stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'lead', lead.id)),
      'lead-flow-real-activities',
    );
  });
});
