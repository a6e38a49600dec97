import type { FieldIssue } from '../../../../contracts/common';
import type { CustomFieldValue } from '../../../../contracts/crm';
import type { CustomFieldRow } from './crm.repo';

/**
 * Checks custom field values against the admin's definitions. `full`: a new customer (every required
 * field must be there); otherwise only the keys given are checked, and a required one may not be cleared.
 */
export function checkCustomFields(
  defs: readonly CustomFieldRow[],
  values: Record<string, CustomFieldValue>,
  full: boolean,
  path = 'customFields',
): { issues: FieldIssue[]; values: Record<string, CustomFieldValue> } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const issues: FieldIssue[] = [];
  const out: Record<string, CustomFieldValue> = {};
  const issue = (key: string, message: string) => issues.push({ location: 'body', path: `${path}.${key}`, message });
  for (const [key, raw] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      issue(key, 'no such custom field');
      continue;
    }
    const v = typeof raw === 'string' ? raw.trim() : raw;
    if (v === null || v === '') {
      if (def.required) issue(key, 'required');
      else out[key] = null;
      continue;
    }
    const checked = checkValue(def, v);
    if (typeof checked === 'object' && checked && 'error' in checked) issue(key, checked.error);
    else out[key] = checked as CustomFieldValue;
  }
  if (full) {
    for (const d of defs)
      if (d.required && (out[d.key] === undefined || out[d.key] === null) && !(d.key in values))
        issue(d.key, 'required');
  }
  return { issues, values: out };
}

function checkValue(def: CustomFieldRow, v: string | number): CustomFieldValue | { error: string } {
  switch (def.type) {
    case 'number': {
      const n = typeof v === 'number' ? v : Number(v);
      return Number.isFinite(n) ? n : { error: 'a number' };
    }
    case 'date': {
      const s = String(v);
      return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))
        ? s
        : { error: 'a date YYYY-MM-DD' };
    }
    case 'select':
      return def.options.includes(String(v)) ? String(v) : { error: `one of ${def.options.join(', ')}` };
    default:
      return String(v).length <= 500 ? String(v) : { error: 'at most 500 characters' };
  }
}
