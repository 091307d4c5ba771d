/**
 * What the browser build uses in place of i18next (liff-app/build/i18n-lite.ts aliases the name):
 * the part of i18next this app uses — nested keys (`t('common.loading')`), `{{variable}}`
 * interpolation without escaping, a fallback language, resource bundles added by lazily loaded
 * parts, `changeLanguage` and its `languageChanged` event — in ~1 kB instead of ~19 kB gzipped
 * and ~75 kB of script a phone evaluates before its first paint (issue 16 item 13). The source,
 * its types (`TFunction`, the typed keys in ../i18next.d.ts) and Node code keep the real i18next;
 * test/unit/i18n-lite.test.ts answers every app string with both and expects the same text.
 *
 * Deliberately absent (the app has none; add them here before using them): plurals (`_one` /
 * `_other` keys), context, nesting (`$t(…)`), formatters (`{{n, number}}`), namespaces other than
 * `translation`, `returnObjects`, backends.
 */

export interface Table {
  [key: string]: string | Table;
}
type Options = Record<string, unknown>;
type Listener = (...args: unknown[]) => void;

interface InitOptions {
  resources?: Record<string, Record<string, Table>>;
  lng?: string;
  fallbackLng?: string;
}

const VARIABLE = /\{\{\s*([^{}]+?)\s*\}\}/g;

function merge(target: Table, source: Table, overwrite: boolean): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (typeof value === 'object' && value !== null) {
      if (typeof current === 'object' && current !== null) merge(current, value, overwrite);
      else if (current === undefined || overwrite) merge((target[key] = {}), value, overwrite);
    } else if (current === undefined || overwrite) target[key] = value;
  }
}

/** The string at a dotted key; a key may itself hold dots (the audit log's `'admin.grant'`), as i18next finds them. */
function lookup(node: string | Table | undefined, key: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const direct = node[key];
  if (typeof direct === 'string') return direct;
  for (let dot = key.indexOf('.'); dot !== -1; dot = key.indexOf('.', dot + 1)) {
    const found = lookup(node[key.slice(0, dot)], key.slice(dot + 1));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `{{name}}` → the option's value, as i18next with `escapeValue: false`: '' for null/undefined given, the placeholder kept for a variable not given. */
export function interpolate(text: string, options?: Options): string {
  if (!options || !text.includes('{{')) return text;
  return text.replace(VARIABLE, (match, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(options, name)) return match;
    const value = options[name];
    return value === null || value === undefined ? '' : String(value);
  });
}

class I18nLite {
  language = '';
  resolvedLanguage: string | undefined;
  languages: string[] = [];
  isInitialized = false;
  private fallback = 'dev';
  private store: Record<string, Table> = {};
  private listeners = new Map<string, Set<Listener>>();

  use(_module: unknown): this {
    return this;
  }

  init(options: InitOptions = {}): Promise<I18nLite['t']> {
    for (const [lng, namespaces] of Object.entries(options.resources ?? {})) if (namespaces.translation) this.addResourceBundle(lng, 'translation', namespaces.translation, true, true);
    this.fallback = options.fallbackLng ?? 'dev';
    this.isInitialized = true;
    return this.changeLanguage(options.lng ?? this.fallback);
  }

  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  off(event: string, listener?: Listener): this {
    if (listener) this.listeners.get(event)?.delete(listener);
    else this.listeners.delete(event);
    return this;
  }

  private emit(event: string, ...args: unknown[]): void {
    this.listeners.get(event)?.forEach((listener) => listener(...args));
  }

  /** Deep-merges `resources` into the language's table (as i18next's `deep`; `overwrite` replaces existing strings). */
  addResourceBundle(lng: string, _ns: string, resources: Table, _deep = true, overwrite = false): this {
    merge((this.store[lng] ??= {}), resources, overwrite);
    this.emit('added', lng, 'translation');
    return this;
  }

  hasResourceBundle(lng: string): boolean {
    return Object.keys(this.store[lng] ?? {}).length > 0;
  }

  /** Sets the language now (resources are in memory) and tells `languageChanged` listeners. */
  changeLanguage(lng?: string): Promise<I18nLite['t']> {
    const next = lng ?? this.language;
    this.language = next;
    this.languages = next === this.fallback ? [next] : [next, this.fallback];
    // As i18next: the first of the languages that has strings, fixed until the next change.
    this.resolvedLanguage = this.languages.find((l) => this.hasResourceBundle(l));
    this.emit('languageChanged', next);
    return Promise.resolve(this.t);
  }

  /** The string at `key` in the current language, else the fallback's, else the key itself. */
  t = (key: string, options?: Options): string => this.translate(this.languages, key, options);

  /** A `t` for one language, whatever the current one is. */
  getFixedT(lng: string | null): I18nLite['t'] {
    if (!lng) return this.t;
    const languages = lng === this.fallback ? [lng] : [lng, this.fallback];
    return (key, options) => this.translate(languages, key, options);
  }

  exists(key: string): boolean {
    return this.languages.some((l) => lookup(this.store[l], key) !== undefined);
  }

  private translate(languages: readonly string[], key: string, options?: Options): string {
    for (const lng of languages) {
      const found = lookup(this.store[lng], key);
      if (found !== undefined) return interpolate(found, options);
    }
    return key;
  }
}

export type { I18nLite };
export function createInstance(): I18nLite {
  return new I18nLite();
}

const i18n = createInstance();
export default i18n;
