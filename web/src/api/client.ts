import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/schema';

export type Schemas = components['schemas'];
export type Settings = Schemas['Settings'];
export type Location = Schemas['Location'];
export type Status = Schemas['Status'];
export type Client = Schemas['Client'];
export type Template = Schemas['Template'];
export type Rule = Schemas['Rule'];
export type Order = Schemas['Order'];
export type Lead = Schemas['Lead'];
export type FeedEntry = Schemas['Feed']['entries'][number];
export type PendingSend = NonNullable<Schemas['OrderWithPending']['pending']>[number];
export type Channel = Rule['channel'];
export type WorkingHours = Location['workingHours'];

export const CHANNELS: Channel[] = ['sms', 'whatsapp', 'viber', 'email'];
export const CHANNEL_NAMES: Record<Channel, string> = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  viber: 'Viber',
  email: 'Email',
};

const SESSION_KEY = 'cn.apiKey';
/** The API key lives in this tab's session only: closing the browser signs out. */
export const session = {
  get: () => sessionStorage.getItem(SESSION_KEY),
  set: (key: string) => sessionStorage.setItem(SESSION_KEY, key),
  clear: () => sessionStorage.removeItem(SESSION_KEY),
};

const auth: Middleware = {
  onRequest({ request }) {
    const key = session.get();
    if (key) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
  onResponse({ response }) {
    // A revoked or wrong key: back to the sign-in page.
    if (response.status === 401 && session.get()) window.dispatchEvent(new Event('cn:unauthorized'));
    return response;
  },
};

/** The one API client of the console, typed from the OpenAPI document the API itself serves. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);
