import { useEffect, useState, type FormEvent } from 'react';
import { api, type Schemas, type Settings } from '../api/client';
import { unwrap } from '../api/errors';
import { Checkbox, FormError, LoadFailed, Loading, Saved, TextField } from '../components/fields';
import { useSubmit } from '../components/use-form';
import { useLoad } from '../components/use-load';

type Form = Omit<
  Settings,
  'defaultCountry' | 'smsSenderId' | 'emailFromName' | 'emailFromAddress' | 'maxMessagesPerClientPerDay'
> & {
  defaultCountry: string;
  smsSenderId: string;
  emailFromName: string;
  emailFromAddress: string;
  maxMessagesPerClientPerDay: string;
};
const toForm = (s: Settings): Form => ({
  ...s,
  defaultCountry: s.defaultCountry ?? '',
  smsSenderId: s.smsSenderId ?? '',
  emailFromName: s.emailFromName ?? '',
  emailFromAddress: s.emailFromAddress ?? '',
  maxMessagesPerClientPerDay:
    s.maxMessagesPerClientPerDay === null ? '' : String(s.maxMessagesPerClientPerDay),
});
const orNull = (v: string) => (v.trim() === '' ? null : v.trim());
type CountryCode = NonNullable<Schemas['SettingsPatch']['defaultCountry']>;
// A manager may type the code in any case; the API answers 422 on the field for an unknown one.
const countryOrNull = (v: string) => (orNull(v)?.toUpperCase() ?? null) as CountryCode | null;

export function SettingsPage() {
  const settings = useLoad(() => unwrap(api.GET('/v1/settings')), []);
  const [form, setForm] = useState<Form>();
  const { submit, fieldError, unshown, done } = useSubmit();
  useEffect(() => {
    if (settings.data) setForm(toForm(settings.data));
  }, [settings.data]);

  if (settings.error) return <LoadFailed error={settings.error} />;
  if (!form) return <Loading what="settings" />;
  const set =
    <K extends keyof Form>(key: K) =>
    (value: Form[K]) =>
      setForm({ ...form, [key]: value });

  async function save(e: FormEvent) {
    e.preventDefault();
    const saved = await submit(() =>
      unwrap(
        api.PATCH('/v1/settings', {
          body: {
            phoneConsentByDefault: form!.phoneConsentByDefault,
            emailConsentByDefault: form!.emailConsentByDefault,
            preventDuplicateClients: form!.preventDuplicateClients,
            defaultCountry: countryOrNull(form!.defaultCountry),
            locale: form!.locale.trim(),
            smsSenderId: orNull(form!.smsSenderId),
            emailFromName: orNull(form!.emailFromName),
            emailFromAddress: orNull(form!.emailFromAddress),
            maxMessagesPerClientPerDay:
              form!.maxMessagesPerClientPerDay.trim() === ''
                ? null
                : Number(form!.maxMessagesPerClientPerDay),
          },
        }),
      ),
    );
    if (saved) setForm(toForm(saved));
  }

  const fields = [
    'defaultCountry',
    'locale',
    'smsSenderId',
    'emailFromName',
    'emailFromAddress',
    'maxMessagesPerClientPerDay',
  ];
  return (
    <>
      <h1>Settings</h1>
      <form onSubmit={save} aria-label="Settings" className="card">
        <fieldset>
          <legend>Consent for new clients</legend>
          <Checkbox
            label="Clients consent to messages on their phone numbers by default (WhatsApp, Viber, SMS)"
            checked={form.phoneConsentByDefault}
            onChange={set('phoneConsentByDefault')}
          />
          <Checkbox
            label="Clients consent to email notifications by default"
            checked={form.emailConsentByDefault}
            onChange={set('emailConsentByDefault')}
          />
          <p className="hint">
            Changing a default never changes existing clients: switch their channels on their profile.
          </p>
        </fieldset>
        <fieldset>
          <legend>Duplicate clients</legend>
          <Checkbox
            label="Prevent creating a client when one with the same phone number or email already exists"
            checked={form.preventDuplicateClients}
            onChange={set('preventDuplicateClients')}
          />
        </fieldset>
        <fieldset>
          <legend>No floods</legend>
          <TextField
            label="Most messages per client in 24 hours"
            type="number"
            value={form.maxMessagesPerClientPerDay}
            onChange={set('maxMessagesPerClientPerDay')}
            error={fieldError('maxMessagesPerClientPerDay')}
            hint="Across the client's orders and leads; messages beyond it are skipped. Empty: no limit."
          />
        </fieldset>
        <fieldset>
          <legend>Region</legend>
          <TextField
            label="Default country"
            value={form.defaultCountry}
            onChange={set('defaultCountry')}
            error={fieldError('defaultCountry')}
            hint="Two letters (UA, DE, PT…): national phone numbers are read as this country's."
          />
          <TextField
            label="Locale"
            value={form.locale}
            onChange={set('locale')}
            error={fieldError('locale')}
            hint="How dates look in messages, e.g. en-GB, uk-UA, de-DE."
          />
        </fieldset>
        <fieldset>
          <legend>Senders</legend>
          <TextField
            label="SMS sender id"
            value={form.smsSenderId}
            onChange={set('smsSenderId')}
            error={fieldError('smsSenderId')}
          />
          <TextField
            label="Email sender name"
            value={form.emailFromName}
            onChange={set('emailFromName')}
            error={fieldError('emailFromName')}
          />
          <TextField
            label="Email sender address"
            type="email"
            value={form.emailFromAddress}
            onChange={set('emailFromAddress')}
            error={fieldError('emailFromAddress')}
          />
        </fieldset>
        <FormError error={unshown(fields)} />
        <button type="submit">Save settings</button>
        <Saved show={done}>Settings saved.</Saved>
      </form>
    </>
  );
}
