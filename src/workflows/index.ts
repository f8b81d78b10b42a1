import './stack-trace-depth';

export { orderNotificationsWorkflow } from './order-notifications';
export { leadNotificationsWorkflow } from './lead-notifications';
