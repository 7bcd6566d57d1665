// localStorage that never throws: it is missing or throws in some privacy
// modes and sandboxed frames, and a full quota throws on write. The widget
// then works for the life of the page, without persistence.

export function load<T>(key: string): T | null {
  try {
    const v = localStorage.getItem(key);
    return v ? (JSON.parse(v) as T) : null;
  } catch {
    return null;
  }
}

export function save(key: string, value: unknown): void {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* no persistence here */
  }
}
