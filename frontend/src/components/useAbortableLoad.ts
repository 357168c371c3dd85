import { useEffect, useState, type DependencyList } from "react";
import { useApiErrorHandler } from "./useApiErrorHandler";

/**
 * Runs `load(signal)` whenever `deps` change and keeps its answer: a newer request aborts the
 * previous one (a slow old page never overwrites the new one), `loading` follows the request, and
 * a failure goes to the API error handler (an aborted request is not a failure). The list pages'
 * "filters + page → fetch" effect, written once.
 */
export function useAbortableLoad<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): { data: T | null; loading: boolean } {
  const handleError = useApiErrorHandler();
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    load(controller.signal)
      .then((result) => {
        setData(result);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        handleError(err);
        setLoading(false);
      });
    return () => controller.abort();
    // `load` is a new closure each render; `deps` says when what it reads has changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, handleError]);

  return { data, loading };
}
