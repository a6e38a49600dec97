import { App, type FormInstance } from 'antd';
import { useFormSubmit } from '../../app/use-form-submit';
import { useInvalidateRoutingConfig } from './api';

type Options<R> = {
  /** The field a "key taken" error lands on (create dialogs). */
  keyField?: string;
  /** The success toast for what was saved. */
  savedMessage: (saved: R) => string;
  onClose: () => void;
};

/** Saves a routing configuration dialog: on success the config is refetched, a toast shown and the dialog closed. */
export function useConfigSave<V, R>(
  form: FormInstance<V>,
  mutationFn: (values: V) => Promise<R>,
  { keyField, savedMessage, onClose }: Options<R>,
) {
  const { message } = App.useApp();
  const invalidate = useInvalidateRoutingConfig();
  return useFormSubmit(form, mutationFn, {
    fieldsByCode: keyField ? { 'ROUTING.KEY_TAKEN': keyField } : undefined,
    onSuccess: (saved) => {
      invalidate();
      void message.success(savedMessage(saved));
      onClose();
    },
  });
}
