import type { FormRule } from 'antd';
import type { ZodType } from 'zod';

/**
 * A form rule that checks a value against the same zod schema the server uses (contracts/), with a
 * message in the user's language. Empty values pass: `required` says whether they may be empty.
 */
export function schemaRule(schema: ZodType, message: string): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      if (!schema.safeParse(value).success) throw new Error(message);
    },
  };
}
