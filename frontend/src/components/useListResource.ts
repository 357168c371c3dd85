import { useCallback, useEffect, useState } from "react";
import { App } from "antd";
import { useApiErrorHandler } from "./useApiErrorHandler";

/**
 * A list the API sends whole: loaded on mount and by `reload()`. `mutate(action, done)` runs a
 * change, shows `done` (or `done(result)`) as a success message and reloads; an error is shown
 * instead. `list` must keep its identity (a module-level API function).
 */
export function useListResource<T>(list: () => Promise<T[]>) {
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(() => {
    setLoading(true);
    list()
      .then(setItems)
      .catch((err: unknown) => handleError(err))
      .finally(() => setLoading(false));
  }, [list, handleError]);
  useEffect(reload, [reload]);

  const mutate = useCallback(
    async <R>(action: () => Promise<R>, done: string | ((result: R) => string)) => {
      try {
        const result = await action();
        message.success(typeof done === "string" ? done : done(result));
        reload();
      } catch (err) {
        handleError(err);
      }
    },
    [handleError, reload, message],
  );

  return { items, loading, reload, mutate };
}
