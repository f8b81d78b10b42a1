import { workflowIdFor } from '../../src/workflows/definitions';
import { useFreshTimeSkippingStack } from '../support/e2e-stack';
import { engineShop, type EngineShop } from '../support/engine-scenario';
import { ofType, types } from '../support/feed';
import { recordHistory } from '../support/histories';
import { deleteRules, findRule, updateRule } from '../../src/db/repositories/rules-repository';

const stack = useFreshTimeSkippingStack();

/**
 * The rule changes straight in the database, so no workflow hears of it (as when the change's event is
 * still on its way): the check at send time is what stops the message.
 */
const deleteUnannounced = async (shop: EngineShop, id: string) => {
  await deleteRules(stack().db, shop.company.id, [id]);
};
const disableUnannounced = async (shop: EngineShop, id: string) => {
  const rule = (await findRule(stack().db, shop.company.id, id))!;
  await updateRule(stack().db, shop.company.id, id, { ...rule, enabled: false });
};

async function removedDuringDelay(remove: (shop: EngineShop, ruleId: string) => Promise<void>) {
  const shop = await engineShop(stack());
  const rule = await shop.rule({ trigger: { type: 'order.created' }, delay: { value: 1, unit: 'hours' } });
  const order = await shop.createOrder();
  await shop.waitForOrderFeed(order.id, 'notification.scheduled');

  await remove(shop, rule.id);
  await stack().env.sleep('61 minutes');
  const feed = await shop.waitForOrderFeed(order.id, 'notification.cancelled');
  return { shop, rule, order, feed };
}

describe('rule removed during a delay without the workflow hearing of it (time-skipping server, real activities)', () => {
  test('when the rule is deleted during the delay, then at send time the send is cancelled as rule_removed and nothing is sent', async () => {
    // Arrange, Act
    const { shop, rule, order, feed } = await removedDuringDelay(deleteUnannounced);

    // Assert
    expect(types(feed)).toEqual(['order.created', 'notification.scheduled', 'notification.cancelled']);
    expect(ofType(feed, 'notification.cancelled')).toEqual([
      expect.objectContaining({ ruleId: rule.id, channel: 'sms', reason: 'rule_removed' }),
    ]);
    expect(await shop.orderOutbox(order.id)).toEqual([]);
    expect((await shop.getOrder(order.id)).pending).toEqual([]);
    await recordHistory(
      stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id)),
      'order-rule-deleted-real-activities',
    );
  });

  test('when the rule is disabled during the delay, then at send time the send is cancelled as rule_removed and nothing is sent', async () => {
    // Arrange, Act
    const { shop, rule, order, feed } = await removedDuringDelay(disableUnannounced);

    // Assert
    expect(types(feed)).toEqual(['order.created', 'notification.scheduled', 'notification.cancelled']);
    expect(ofType(feed, 'notification.cancelled')).toEqual([
      expect.objectContaining({ ruleId: rule.id, reason: 'rule_removed' }),
    ]);
    expect(await shop.orderOutbox(order.id)).toEqual([]);
  });
});
