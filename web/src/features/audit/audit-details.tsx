import { Collapse, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../contracts/audit';
import { AUDIT_ACTIONS } from '../../../../contracts/audit-actions';
import { CALL_END_REASONS } from '../../../../contracts/calls';
import { PERMISSIONS, ROLES } from '../../../../contracts/permissions';
import { AGENT_STATES, CONTACT_STATES } from '../../../../contracts/routing';

const has = (list: readonly string[], v: string) => list.includes(v);

/** A detail value in words where it is a code Kefu knows (a permission, a role, a state …), else as written. */
function useValueText() {
  const { t } = useTranslation();
  const word = (v: string): string => {
    if (has(PERMISSIONS, v)) return t(`permissions.${v}`);
    if (has(ROLES, v)) return t(`roleNames.${v}`);
    if (has(AGENT_STATES, v)) return t(`acd.state.${v}`);
    if (has(CONTACT_STATES, v)) return t(`acd.contactState.${v}`);
    if (has(CALL_END_REASONS, v)) return t(`calls.endReason.${v}`);
    if (has(AUDIT_ACTIONS, v)) return t(`audit.actions.${v}`);
    return v;
  };
  const text = (v: unknown): string => {
    if (v === null || v === undefined) return '—';
    if (typeof v === 'string') return word(v);
    if (typeof v === 'boolean') return t(v ? 'audit.yes' : 'audit.no');
    if (Array.isArray(v)) return v.length ? v.map(text).join('、') : '—';
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  };
  return text;
}

/**
 * An entry's details, each field named and its codes in words; the record exactly as stored (what
 * the hash covers) stays one click away, with the request id and the hash.
 */
export function AuditDetails({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const text = useValueText();
  const fields = Object.entries(entry.details);
  return (
    <>
      {fields.length ? (
        <Descriptions
          size="small"
          column={1}
          items={fields.map(([key, value]) => ({
            key,
            label: t(`audit.detailKeys.${key}`, { defaultValue: key }),
            children: text(value),
          }))}
        />
      ) : null}
      <Collapse
        size="small"
        ghost
        items={[
          {
            key: 'raw',
            label: t('audit.raw'),
            children: (
              <Descriptions
                size="small"
                column={1}
                items={[
                  {
                    key: 'details',
                    label: t('audit.details'),
                    children: <pre className="audit-details">{JSON.stringify(entry.details, null, 2)}</pre>,
                  },
                  {
                    key: 'requestId',
                    label: t('audit.requestId'),
                    children: <span className="mono">{entry.requestId ?? '—'}</span>,
                  },
                  { key: 'hash', label: t('audit.hash'), children: <span className="mono">{entry.hash}</span> },
                ]}
              />
            ),
          },
        ]}
      />
    </>
  );
}
