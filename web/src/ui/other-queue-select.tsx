import { Select, type SelectProps } from 'antd';
import type { Queue } from '../../../contracts/routing';

type Props = Omit<SelectProps<string>, 'options'> & {
  queues: readonly Queue[] | undefined;
  /** The contact's current queue, which is not offered. */
  exceptId: string;
};

/** Picks the queue a contact moves to (transfer, supervisor move): searchable by name, focused on open. */
export function OtherQueueSelect({ queues, exceptId, ...props }: Props) {
  return (
    <Select
      autoFocus
      showSearch={{ optionFilterProp: 'label' }}
      {...props}
      options={(queues ?? []).filter((q) => q.id !== exceptId).map((q) => ({ value: q.key, label: q.name }))}
    />
  );
}
