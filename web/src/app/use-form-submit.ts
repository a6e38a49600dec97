import { useMutation } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { applyFieldErrors, useErrorMessage } from './errors';

type Options<V, R> = {
  /** Error codes that concern one field, e.g. `{ 'USERS.USERNAME_TAKEN': 'username' }`. */
  fieldsByCode?: Record<string, string>;
  onSuccess?: (result: R, values: V) => void;
  onError?: (error: unknown) => void;
};

/**
 * Submits a form through a mutation: server failures land on the fields they name, anything else
 * becomes `formError` (shown with <FormError />), translated at render time.
 */
export function useFormSubmit<V, R>(
  form: FormInstance<V>,
  mutationFn: (values: V) => Promise<R>,
  options: Options<V, R> = {},
) {
  const errorMessage = useErrorMessage();
  const [unplaced, setUnplaced] = useState<unknown>();
  const mutation = useMutation({
    mutationFn,
    onMutate: () => setUnplaced(undefined),
    onSuccess: (result, values) => options.onSuccess?.(result, values),
    onError: (error) => {
      // First the caller's clean-up (it may reset fields, which clears their errors), then the errors.
      options.onError?.(error);
      const placed = applyFieldErrors(form, error, errorMessage, options.fieldsByCode);
      setUnplaced(placed ? undefined : error);
    },
  });
  return {
    submit: (values: V) => mutation.mutate(values),
    pending: mutation.isPending,
    formError: unplaced === undefined ? undefined : errorMessage(unplaced),
    reset: () => {
      mutation.reset();
      setUnplaced(undefined);
    },
  };
}
