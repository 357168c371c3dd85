// A tiny promise wrapper over IndexedDB (idb-keyval-like): one database per shop host, a few
// object stores of key → value. No dependency; falls back to memory when IndexedDB is missing.

const DB_VERSION = 1;
export const STORES = ["cache", "members", "queue"] as const;
export type StoreName = (typeof STORES)[number];

let dbPromise: Promise<IDBDatabase | null> | null = null;
const memory: Record<StoreName, Map<string, unknown>> = { cache: new Map(), members: new Map(), queue: new Map() };

function dbName(): string {
  return `huiyuan-cashier:${window.location.host}`;
}

function openDb(): Promise<IDBDatabase | null> {
  if (!dbPromise) {
    dbPromise = new Promise((resolve) => {
      if (typeof indexedDB === "undefined") return resolve(null);
      let request: IDBOpenDBRequest;
      try {
        request = indexedDB.open(dbName(), DB_VERSION);
      } catch {
        return resolve(null);
      }
      request.onupgradeneeded = () => {
        const db = request.result;
        for (const name of STORES) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
      };
      request.onsuccess = () => {
        const db = request.result;
        // Another tab upgrading the schema: let it, reopen on next use.
        db.onversionchange = () => {
          db.close();
          dbPromise = null;
        };
        resolve(db);
      };
      request.onerror = () => resolve(null);
      request.onblocked = () => undefined;
    });
  }
  return dbPromise;
}

async function withStore<T>(
  name: StoreName,
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T> | void,
): Promise<T | undefined> {
  const db = await openDb();
  if (!db) throw new Error("no-indexeddb");
  return new Promise<T | undefined>((resolve, reject) => {
    const tx = db.transaction(name, mode);
    const request = run(tx.objectStore(name));
    let result: T | undefined;
    if (request) request.onsuccess = () => (result = request.result);
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

async function available(): Promise<boolean> {
  return (await openDb()) !== null;
}

export async function idbGet<T>(store: StoreName, key: string): Promise<T | undefined> {
  if (!(await available())) return memory[store].get(key) as T | undefined;
  return (await withStore<T>(store, "readonly", (s) => s.get(key) as IDBRequest<T>)) ?? undefined;
}

export async function idbSet(store: StoreName, key: string, value: unknown): Promise<void> {
  if (!(await available())) {
    memory[store].set(key, value);
    return;
  }
  await withStore(store, "readwrite", (s) => s.put(value, key));
}

export async function idbDelete(store: StoreName, key: string): Promise<void> {
  if (!(await available())) {
    memory[store].delete(key);
    return;
  }
  await withStore(store, "readwrite", (s) => s.delete(key));
}

/** Every value of a store (in key order). */
export async function idbValues<T>(store: StoreName): Promise<T[]> {
  if (!(await available())) return [...memory[store].values()] as T[];
  return ((await withStore<T[]>(store, "readonly", (s) => s.getAll() as IDBRequest<T[]>)) ?? []) as T[];
}

/** Replace the whole content of a store in one transaction. */
export async function idbReplaceAll(store: StoreName, entries: [string, unknown][]): Promise<void> {
  if (!(await available())) {
    memory[store] = new Map(entries);
    return;
  }
  await withStore(store, "readwrite", (s) => {
    s.clear();
    for (const [key, value] of entries) s.put(value, key);
  });
}

/** Put many entries in one transaction. */
export async function idbSetMany(store: StoreName, entries: [string, unknown][]): Promise<void> {
  if (!(await available())) {
    for (const [k, v] of entries) memory[store].set(k, v);
    return;
  }
  await withStore(store, "readwrite", (s) => {
    for (const [key, value] of entries) s.put(value, key);
  });
}

export async function idbClear(store: StoreName): Promise<void> {
  if (!(await available())) {
    memory[store].clear();
    return;
  }
  await withStore(store, "readwrite", (s) => s.clear());
}
