import { toStoreError } from './to-store-error';

/**
 * Wraps every method of a repository so that whatever the driver throws leaves as a `PlanStoreError`.
 * @internal
 */
export function withStoreErrors<T extends object>(target: T): T {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(target)) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (err) {
        throw toStoreError(err);
      }
    };
  }
  return wrapped as T;
}
