/**
 * Option tables: each command's options written once — name, flag, type, bounds,
 * default and help — and read by every side: the CLI builds its commander options
 * from the table (cli/options.ts), the server validates request bodies with it, and
 * the library checks the values it is given with it. A flag, its default and its
 * error message therefore cannot drift apart.
 *
 * Messages name the flag (`--lr must be …`), or the key when asked (the server's JSON).
 */
import { RemixerError } from './errors.js';

interface BaseOption<K extends string> {
  /** The library's name for the option (TrainOptions.learningRate). */
  key: K;
  /** The command line's name (--lr). */
  flag: `--${string}`;
  help: string;
  /** What the value is called in usage text (<rate>). */
  placeholder?: string;
  required?: boolean;
  /** Said in help when the default is not a fixed value ("the preset's"). */
  defaultText?: string;
}

export interface NumberOption<K extends string = string> extends BaseOption<K> {
  type: 'integer' | 'number';
  min?: number;
  max?: number;
  /** The bounds themselves are not allowed. */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  default?: number;
}

export interface ChoiceOption<K extends string = string> extends BaseOption<K> {
  type: 'choice';
  choices: readonly string[];
  default?: string;
}

export interface TextOption<K extends string = string> extends BaseOption<K> {
  type: 'string';
  default?: string;
}

export interface FlagOption<K extends string = string> extends BaseOption<K> {
  type: 'boolean';
  /** A flag that is on unless negated (--no-mp3). */
  default?: boolean;
}

/** A text option given any number of times (--model A --model B); its value is the list. */
export interface ListOption<K extends string = string> extends BaseOption<K> {
  type: 'list';
  /** At least this many values (default 0). */
  minItems?: number;
}

export type OptionSpec<K extends string = string> = NumberOption<K> | ChoiceOption<K> | TextOption<K> | FlagOption<K> | ListOption<K>;
export type OptionTable<K extends string = string> = readonly OptionSpec<K>[];

export type Naming = 'flag' | 'key';
const nameOf = (spec: OptionSpec, naming: Naming) => (naming === 'flag' ? spec.flag : spec.key);

function describeRange(spec: NumberOption): string {
  const parts: string[] = [];
  if (spec.min !== undefined) parts.push(`${spec.exclusiveMin ? '>' : '>='} ${spec.min}`);
  if (spec.max !== undefined) parts.push(`${spec.exclusiveMax ? '<' : '<='} ${spec.max}`);
  return parts.join(' and ');
}

/** What the option accepts, in words ("an integer >= 1", "one of fused, stock"). */
export function describeAccepted(spec: OptionSpec): string {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const range = describeRange(spec);
      return `${spec.type === 'integer' ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`;
    }
    case 'choice':
      return `one of ${spec.choices.join(', ')}`;
    case 'string':
      return 'a text';
    case 'boolean':
      return 'true or false';
    case 'list':
      return `${spec.minItems ? `at least ${spec.minItems} ` : ''}non-empty text${spec.minItems === 1 ? '' : 's'} (the option may be repeated)`;
  }
}

/** The problem with `value` for `spec`, or null when it is acceptable. */
export function optionProblem(spec: OptionSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a finite number';
      if (spec.type === 'integer' && !Number.isInteger(value)) return 'not an integer';
      if (spec.min !== undefined && (spec.exclusiveMin ? value <= spec.min : value < spec.min)) return 'too small';
      if (spec.max !== undefined && (spec.exclusiveMax ? value >= spec.max : value > spec.max)) return 'too large';
      return null;
    }
    case 'choice':
      return typeof value === 'string' && spec.choices.includes(value) ? null : 'not a choice';
    case 'string':
      return typeof value === 'string' && value.length > 0 ? null : 'empty';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'not true or false';
    case 'list':
      return Array.isArray(value) && value.length >= (spec.minItems ?? 0) && value.every((v) => typeof v === 'string' && v.length > 0) ? null : 'not a list of texts';
  }
}

/** Throws a one-line RemixerError when `value` is not acceptable for `spec`. */
export function checkOption(spec: OptionSpec, value: unknown, naming: Naming = 'flag'): void {
  if (optionProblem(spec, value) === null) return;
  const shown = typeof value === 'string' ? `"${value}"` : Array.isArray(value) ? JSON.stringify(value) : String(value);
  throw new RemixerError(`${nameOf(spec, naming)} must be ${describeAccepted(spec)} (got ${shown})`);
}

/** Checks every option of `table` that `values` sets (undefined and null mean "not given"). */
export function checkOptions<K extends string>(table: OptionTable<K>, values: Partial<Record<K, unknown>>, naming: Naming = 'flag'): void {
  for (const spec of table) {
    const value = values[spec.key];
    if (value === undefined || value === null) {
      if (spec.required) throw new RemixerError(`${nameOf(spec, naming)} is required`);
      continue;
    }
    checkOption(spec, value, naming);
  }
}

/** Parses command-line text for `spec` (numbers from text, choices as they are) and checks it. */
export function parseOptionText(spec: OptionSpec, text: string): unknown {
  let value: unknown = text;
  if (spec.type === 'integer' || spec.type === 'number') value = text.trim() === '' ? Number.NaN : Number(text);
  if (spec.type === 'boolean') value = text === 'true' ? true : text === 'false' ? false : text;
  if (spec.type === 'list') value = [text];
  // One value of a list at a time: how many there must be is checked on the whole list.
  checkOption(spec.type === 'list' ? { ...spec, minItems: 0 } : spec, value, 'flag');
  return value;
}

/**
 * Reads the options of `table` from a JSON body (the server): values of the right type
 * are kept, numbers sent as text are read as numbers, empty strings mean "not given";
 * anything else is an error naming the key.
 */
export function readOptions<K extends string>(table: OptionTable<K>, body: Record<string, unknown>): Partial<Record<K, unknown>> {
  const values: Partial<Record<K, unknown>> = {};
  for (const spec of table) {
    let value = body[spec.key];
    if (value === '' || value === null) value = undefined;
    if (typeof value === 'string' && (spec.type === 'integer' || spec.type === 'number')) value = Number(value);
    if (value !== undefined) values[spec.key] = value;
  }
  checkOptions(table, values, 'key');
  return values;
}

/** The table's entry for `key`. */
export function optionSpec<K extends string>(table: OptionTable<K>, key: K): OptionSpec<K> {
  const spec = table.find((s) => s.key === key);
  if (!spec) throw new Error(`no option ${key}`);
  return spec;
}
