import { useState, type FormEvent } from 'react';
import { CHANNEL_NAMES, CHANNELS, type Channel, type Rule, type Status, type Template } from '../api/client';
import { Checkbox, FormError, SelectField, TextField } from './fields';
import type { useSubmit } from './use-form';

type Unit = 'minutes' | 'hours' | 'days';
const UNITS = [
  { value: 'minutes', label: 'minutes' },
  { value: 'hours', label: 'hours' },
  { value: 'days', label: 'days' },
];
export const TRIGGERS: Record<'order' | 'lead', { value: string; label: string }[]> = {
  order: [
    { value: 'order.created', label: 'Order created' },
    { value: 'order.status_changed', label: 'Status changed' },
    { value: 'order.status_changed_to', label: 'Status changed to…' },
    { value: 'order.due_date_changed', label: 'Due date changed' },
  ],
  lead: [
    { value: 'lead.created', label: 'Lead created' },
    { value: 'lead.status_changed_to', label: 'Lead status changed to…' },
  ],
};

export interface RuleInput {
  entity: 'order' | 'lead';
  kind: 'notification' | 'reminder';
  locationId: string | null;
  trigger: { type: NonNullable<Rule['trigger']>['type']; statusId: string | null } | null;
  channel: Channel;
  templateId: string;
  delay: { value: number; unit: Unit } | null;
  workingHoursOnly: boolean;
  remindBefore: { value: number; unit: Unit } | null;
  enabled: boolean;
  fallback: { channel: Channel; after: { value: number; unit: Unit } } | null;
  debounce: { value: number; unit: Unit } | null;
}

/** Status triggers, whose sends a debounce can hold (a status flipped three times sends once). */
const DEBOUNCE_TRIGGERS = ['order.status_changed', 'order.status_changed_to'];

/** "+ Notification" / "+ Reminder" and editing: the steps of the help-centre article, in order. */
export function RuleForm(props: {
  entity: 'order' | 'lead';
  kind: 'notification' | 'reminder';
  locationId: string | null;
  initial?: Rule;
  statuses: Status[];
  templates: Template[];
  form: ReturnType<typeof useSubmit>;
  onSubmit: (input: RuleInput) => void;
  onCancel: () => void;
}) {
  const { entity, kind, initial, form } = props;
  const [trigger, setTrigger] = useState<string>(initial?.trigger?.type ?? TRIGGERS[entity][0]!.value);
  const [statusId, setStatusId] = useState(initial?.trigger?.statusId ?? '');
  const [channel, setChannel] = useState<Channel>(initial?.channel ?? 'sms');
  const [delayOn, setDelayOn] = useState(Boolean(initial?.delay));
  const [delayValue, setDelayValue] = useState(String(initial?.delay?.value ?? 1));
  const [delayUnit, setDelayUnit] = useState<Unit>(initial?.delay?.unit ?? 'hours');
  const [workingHoursOnly, setWorkingHoursOnly] = useState(initial?.workingHoursOnly ?? false);
  const [beforeValue, setBeforeValue] = useState(String(initial?.remindBefore?.value ?? 1));
  const [beforeUnit, setBeforeUnit] = useState<Unit>(initial?.remindBefore?.unit ?? 'days');
  const [templateId, setTemplateId] = useState(initial?.templateId ?? '');
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const [fallbackOn, setFallbackOn] = useState(Boolean(initial?.fallback));
  const [fallbackChannel, setFallbackChannel] = useState<Channel>(initial?.fallback?.channel ?? 'email');
  const [fallbackValue, setFallbackValue] = useState(String(initial?.fallback?.after.value ?? 15));
  const [fallbackUnit, setFallbackUnit] = useState<Unit>(initial?.fallback?.after.unit ?? 'minutes');
  const [debounceOn, setDebounceOn] = useState(Boolean(initial?.debounce));
  const [debounceValue, setDebounceValue] = useState(String(initial?.debounce?.value ?? 2));
  const [debounceUnit, setDebounceUnit] = useState<Unit>(initial?.debounce?.unit ?? 'minutes');

  const needsStatus = trigger.endsWith('status_changed_to');
  const canDebounce = kind === 'notification' && DEBOUNCE_TRIGGERS.includes(trigger);
  const statuses = props.statuses.filter((s) => s.entity === entity);
  const title = `${initial ? 'Edit' : 'New'} ${kind}`;

  function submit(e: FormEvent) {
    e.preventDefault();
    props.onSubmit({
      entity,
      kind,
      locationId: props.locationId,
      trigger:
        kind === 'notification'
          ? {
              type: trigger as NonNullable<RuleInput['trigger']>['type'],
              statusId: needsStatus ? statusId || null : null,
            }
          : null,
      channel,
      templateId,
      delay: kind === 'notification' && delayOn ? { value: Number(delayValue), unit: delayUnit } : null,
      workingHoursOnly: kind === 'notification' && entity === 'order' && workingHoursOnly,
      remindBefore: kind === 'reminder' ? { value: Number(beforeValue), unit: beforeUnit } : null,
      enabled,
      fallback: fallbackOn
        ? { channel: fallbackChannel, after: { value: Number(fallbackValue), unit: fallbackUnit } }
        : null,
      debounce: canDebounce && debounceOn ? { value: Number(debounceValue), unit: debounceUnit } : null,
    });
  }

  return (
    <form onSubmit={submit} aria-label={title} className="card">
      <h3>{title}</h3>
      {kind === 'notification' && (
        <>
          <SelectField
            label="Trigger"
            value={trigger}
            onChange={setTrigger}
            options={TRIGGERS[entity]}
            error={form.fieldError('trigger.type')}
          />
          {needsStatus && (
            <SelectField
              label="Status"
              value={statusId}
              onChange={setStatusId}
              placeholder="Choose a status"
              options={statuses.map((s) => ({ value: s.id, label: s.name }))}
              error={form.fieldError('trigger.statusId') ?? form.fieldError('trigger')}
            />
          )}
        </>
      )}
      <SelectField
        label="Channel"
        value={channel}
        onChange={(v) => setChannel(v as Channel)}
        options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_NAMES[c] }))}
        error={form.fieldError('channel')}
      />
      {kind === 'notification' ? (
        <>
          <Checkbox label="Delay sending" checked={delayOn} onChange={setDelayOn} />
          {delayOn && (
            <div className="inline">
              <TextField
                label="Delay"
                type="number"
                value={delayValue}
                onChange={setDelayValue}
                error={form.fieldError('delay')}
              />
              <SelectField
                label="Delay unit"
                value={delayUnit}
                onChange={(v) => setDelayUnit(v as Unit)}
                options={UNITS}
              />
            </div>
          )}
          {entity === 'order' && (
            <Checkbox
              label="Send during working hours only"
              checked={workingHoursOnly}
              onChange={setWorkingHoursOnly}
            />
          )}
          {form.fieldError('workingHoursOnly') && (
            <small className="field-error" role="alert">
              {form.fieldError('workingHoursOnly')}
            </small>
          )}
        </>
      ) : (
        <div className="inline">
          <TextField
            label="Remind before the due date"
            type="number"
            value={beforeValue}
            onChange={setBeforeValue}
            error={form.fieldError('remindBefore')}
          />
          <SelectField
            label="Reminder unit"
            value={beforeUnit}
            onChange={(v) => setBeforeUnit(v as Unit)}
            options={UNITS}
          />
        </div>
      )}
      {canDebounce && (
        <>
          <Checkbox
            label="Hold the message a while: a newer change replaces it"
            checked={debounceOn}
            onChange={setDebounceOn}
          />
          {debounceOn && (
            <div className="inline">
              <TextField
                label="Hold for"
                type="number"
                value={debounceValue}
                onChange={setDebounceValue}
                error={form.fieldError('debounce')}
              />
              <SelectField
                label="Hold unit"
                value={debounceUnit}
                onChange={(v) => setDebounceUnit(v as Unit)}
                options={UNITS}
              />
            </div>
          )}
        </>
      )}
      <Checkbox
        label="Fall back when it cannot go or is not delivered"
        checked={fallbackOn}
        onChange={setFallbackOn}
      />
      {fallbackOn && (
        <div className="inline">
          <SelectField
            label="Fall back to"
            value={fallbackChannel}
            onChange={(v) => setFallbackChannel(v as Channel)}
            options={CHANNELS.filter((c) => c !== channel).map((c) => ({
              value: c,
              label: CHANNEL_NAMES[c],
            }))}
            error={form.fieldError('fallback.channel') ?? form.fieldError('fallback')}
          />
          <TextField
            label="Not delivered after"
            type="number"
            value={fallbackValue}
            onChange={setFallbackValue}
            error={form.fieldError('fallback.after')}
          />
          <SelectField
            label="Not delivered after unit"
            value={fallbackUnit}
            onChange={(v) => setFallbackUnit(v as Unit)}
            options={UNITS}
          />
        </div>
      )}
      <SelectField
        label="Template"
        value={templateId}
        onChange={setTemplateId}
        placeholder="Choose a template"
        options={props.templates.map((t) => ({ value: t.id, label: t.name }))}
        error={form.fieldError('templateId')}
      />
      {initial && <Checkbox label="Enabled" checked={enabled} onChange={setEnabled} />}
      <FormError
        error={form.unshown([
          'trigger',
          'channel',
          'delay',
          'workingHoursOnly',
          'remindBefore',
          'templateId',
          'fallback',
          'debounce',
        ])}
      />
      <div className="actions">
        <button type="submit" disabled={form.busy}>
          {initial ? 'Save' : 'Create'}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
