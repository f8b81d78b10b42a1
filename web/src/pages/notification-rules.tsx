import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  api,
  CHANNEL_NAMES,
  CHANNELS,
  type Channel,
  type Rule,
  type Schemas,
  type Status,
  type Template,
} from '../api/client';
import { unwrap } from '../api/errors';
import { Checkbox, Empty, FormError, LoadFailed, Loading, SelectField } from '../components/fields';
import { RuleForm, TRIGGERS, type RuleInput } from '../components/rule-form';
import { useSubmit } from '../components/use-form';
import { allPages, useLoad } from '../components/use-load';

const LEADS = 'leads';

/** Settings > Notifications: the rules of one location (orders) or of the company's leads. */
export function NotificationRulesPage() {
  const [params, setParams] = useSearchParams();
  const refs = useLoad(async () => {
    const [locations, statuses, templates] = await Promise.all([
      allPages((query) => unwrap(api.GET('/v1/locations', { params: { query } }))),
      allPages((query) => unwrap(api.GET('/v1/statuses', { params: { query } }))),
      allPages((query) => unwrap(api.GET('/v1/templates', { params: { query } }))),
    ]);
    return { locations, statuses, templates };
  }, []);
  const scope = params.get('location') ?? refs.data?.locations[0]?.id ?? LEADS;

  if (refs.error) return <LoadFailed error={refs.error} />;
  if (!refs.data) return <Loading what="locations and templates" />;
  return (
    <>
      <h1>Notification rules</h1>
      <SelectField
        label="Rules of"
        value={scope}
        onChange={(v) => setParams({ location: v })}
        options={[
          ...refs.data.locations.map((l) => ({ value: l.id, label: `Orders at ${l.name}` })),
          { value: LEADS, label: 'Leads' },
        ]}
      />
      {refs.data.templates.length === 0 && (
        <p className="hint">
          Rules send a template: <Link to="/templates/new">create one first</Link>.
        </p>
      )}
      <RuleList
        key={scope}
        entity={scope === LEADS ? 'lead' : 'order'}
        locationId={scope === LEADS ? null : scope}
        statuses={refs.data.statuses}
        templates={refs.data.templates}
        otherLocations={refs.data.locations.length > 1}
      />
    </>
  );
}

function RuleList(props: {
  entity: 'order' | 'lead';
  locationId: string | null;
  statuses: Status[];
  templates: Template[];
  otherLocations: boolean;
}) {
  const { entity, locationId, statuses, templates } = props;
  const rules = useLoad(
    () =>
      allPages((query) =>
        unwrap(
          api.GET('/v1/notification-rules', {
            params: { query: { entity, ...(locationId ? { locationId } : {}), ...query } },
          }),
        ),
      ),
    [entity, locationId],
  );
  const [editing, setEditing] = useState<{ kind: 'notification' | 'reminder'; rule?: Rule }>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const form = useSubmit();
  const action = useSubmit();
  const [bulkTemplate, setBulkTemplate] = useState('');
  const [bulkChannel, setBulkChannel] = useState<Channel>('sms');
  const [outcome, setOutcome] = useState<string>();

  const describe = (r: Rule) => ruleInWords(r, statuses, templates);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  async function save(input: RuleInput) {
    const rule = editing?.rule;
    const saved = await form.submit(() =>
      rule
        ? unwrap(api.PATCH('/v1/notification-rules/{id}', { params: { path: { id: rule.id } }, body: input }))
        : unwrap(api.POST('/v1/notification-rules', { body: input })),
    );
    if (saved) {
      setEditing(undefined);
      await rules.reload();
    }
  }
  async function remove(rule: Rule) {
    await action.submit(() =>
      unwrap(api.DELETE('/v1/notification-rules/{id}', { params: { path: { id: rule.id } } })),
    );
    await rules.reload();
  }
  async function bulk(body: Schemas['RuleBulk']) {
    const result = await action.submit(() => unwrap(api.POST('/v1/notification-rules/bulk', { body })));
    if (result) {
      setOutcome(`${result.affected} rule${result.affected === 1 ? '' : 's'} ${bulkVerb(body.action)}.`);
      setSelected(new Set());
      await rules.reload();
    }
  }

  const sections = entity === 'order' ? (['notification', 'reminder'] as const) : (['notification'] as const);
  const ruleIds = [...selected];
  return (
    <>
      {rules.error && <LoadFailed error={rules.error} />}
      {rules.loading && !rules.data && <Loading what="rules" />}
      {sections.map((kind) => {
        const list = rules.data?.filter((r) => r.kind === kind) ?? [];
        const heading = kind === 'notification' ? 'Notifications' : 'Reminders';
        return (
          <section key={kind} aria-labelledby={`rules-${kind}`}>
            <h2 id={`rules-${kind}`}>{heading}</h2>
            {rules.data && list.length === 0 && <Empty>No {heading.toLowerCase()} yet.</Empty>}
            {list.length > 0 && (
              <ul className="rules">
                {list.map((r) => (
                  <li key={r.id} className={r.enabled ? '' : 'disabled'}>
                    <Checkbox
                      label={<span className="sr-only">{`Select ${describe(r)}`}</span>}
                      checked={selected.has(r.id)}
                      onChange={(on) => toggle(r.id, on)}
                    />
                    <span className="rule-text" onDoubleClick={() => setEditing({ kind, rule: r })}>
                      {describe(r)}
                      {!r.enabled && ' (switched off)'}
                    </span>
                    <span className="actions">
                      <button
                        type="button"
                        className="link"
                        aria-label={`Edit ${describe(r)}`}
                        onClick={() => setEditing({ kind, rule: r })}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="link"
                        aria-label={`Delete ${describe(r)}`}
                        onClick={() => void remove(r)}
                      >
                        Delete
                      </button>
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {editing?.kind === kind ? (
              <RuleForm
                key={editing.rule?.id ?? 'new'}
                entity={entity}
                kind={kind}
                locationId={locationId}
                initial={editing.rule}
                statuses={statuses}
                templates={templates}
                form={form}
                onSubmit={(input) => void save(input)}
                onCancel={() => {
                  form.reset();
                  setEditing(undefined);
                }}
              />
            ) : (
              <button type="button" onClick={() => setEditing({ kind })}>
                {kind === 'notification' ? '+ Notification' : '+ Reminder'}
              </button>
            )}
          </section>
        );
      })}
      <section aria-labelledby="bulk-heading" className="card bulk">
        <h2 id="bulk-heading">Selected rules ({selected.size})</h2>
        <div className="actions">
          <button
            type="button"
            className="danger"
            disabled={!selected.size}
            onClick={() => void bulk({ action: 'delete', ruleIds })}
          >
            Delete selected
          </button>
        </div>
        <div className="inline">
          <SelectField
            label="New template"
            value={bulkTemplate}
            onChange={setBulkTemplate}
            placeholder="Choose a template"
            options={templates.map((t) => ({ value: t.id, label: t.name }))}
          />
          <button
            type="button"
            disabled={!selected.size || !bulkTemplate}
            onClick={() => void bulk({ action: 'set_template', ruleIds, templateId: bulkTemplate })}
          >
            Set template
          </button>
        </div>
        <div className="inline">
          <SelectField
            label="New channel"
            value={bulkChannel}
            onChange={(v) => setBulkChannel(v as Channel)}
            options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_NAMES[c] }))}
          />
          <button
            type="button"
            disabled={!selected.size}
            onClick={() => void bulk({ action: 'set_channel', ruleIds, channel: bulkChannel })}
          >
            Set channel
          </button>
        </div>
        {entity === 'order' && (
          <button
            type="button"
            disabled={!selected.size || !props.otherLocations}
            onClick={() => void bulk({ action: 'copy_to_all_locations', ruleIds })}
          >
            Copy to all locations
          </button>
        )}
        <FormError error={action.error} />
        <p role="status">{outcome}</p>
      </section>
    </>
  );
}

const bulkVerb = (action: string) =>
  ({ delete: 'deleted', set_template: 'changed', set_channel: 'changed', copy_to_all_locations: 'copied' })[
    action
  ] ?? 'changed';

const amount = (d: { value: number; unit: string }) =>
  `${d.value} ${d.value === 1 ? d.unit.replace(/s$/, '') : d.unit}`;

/** "Status changed to “Ready” → SMS with “Ready for pickup”, 1 hour later, in working hours". */
export function ruleInWords(r: Rule, statuses: Status[], templates: Template[]): string {
  const template = templates.find((t) => t.id === r.templateId)?.name ?? 'a template';
  const how = `${CHANNEL_NAMES[r.channel]} with “${template}”`;
  if (r.kind === 'reminder')
    return `${amount(r.remindBefore ?? { value: 0, unit: 'minutes' })} before the due date → ${how}`;
  const label = [...TRIGGERS.order, ...TRIGGERS.lead].find((t) => t.value === r.trigger?.type)?.label ?? '';
  const status = statuses.find((s) => s.id === r.trigger?.statusId)?.name;
  const when = status ? label.replace('…', ` “${status}”`) : label;
  const options = [r.delay ? `${amount(r.delay)} later` : '', r.workingHoursOnly ? 'in working hours' : '']
    .filter(Boolean)
    .join(', ');
  return `${when} → ${how}${options ? `, ${options}` : ''}`;
}
