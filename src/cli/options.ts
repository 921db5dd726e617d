/** Commander options built from the library's option tables (src/options.ts): one source for flags, defaults and checks. */
import { Option, type Command } from 'commander';
import { parseOptionText, type OptionSpec, type OptionTable } from '../options.js';

/** The commander attribute name of a flag: --batch-size → batchSize, --no-mp3 → mp3. */
export function attributeOf(flag: string): string {
  return flag.replace(/^--(no-)?/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function commanderOption(spec: OptionSpec): Option {
  const choices = spec.type === 'choice' ? `: ${spec.choices.join(', ')}` : '';
  const help = `${spec.help}${choices}${spec.defaultText ? ` (default: ${spec.defaultText})` : ''}`;
  if (spec.type === 'boolean') {
    // An option that is on by default is offered as its negation: "--no-mp3  do not: write remix.mp3 …".
    return spec.default === true ? new Option(`--no-${spec.flag.slice(2)}`, `do not ${spec.help}`) : new Option(spec.flag, help);
  }
  if (spec.type === 'list') {
    return new Option(`${spec.flag} <${spec.placeholder ?? 'value'}>`, `${help} (repeatable)`).argParser((text: string, previous: string[] | undefined) => [...(previous ?? []), ...(parseOptionText(spec, text) as string[])]);
  }
  const option = new Option(`${spec.flag} <${spec.placeholder ?? 'value'}>`, help).argParser((text: string) => parseOptionText(spec, text));
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.required) option.makeOptionMandatory(true);
  return option;
}

/**
 * Adds the options of `table` (those in `only`, when given) to `command`; the
 * parsed values come back under the table's keys.
 */
export function addOptions<K extends string>(command: Command, table: OptionTable<K>, only?: readonly K[]): Command {
  for (const spec of table) {
    if (only && !only.includes(spec.key)) continue;
    const option = commanderOption(spec);
    if (attributeOf(spec.flag) !== spec.key) option.attributeName = () => spec.key;
    command.addOption(option);
  }
  return command;
}

/** The values a command received for `table`, by key (commander's names mapped back). */
export function optionValues<K extends string>(table: OptionTable<K>, parsed: Record<string, unknown>): Partial<Record<K, unknown>> {
  const values: Partial<Record<K, unknown>> = {};
  for (const spec of table) if (parsed[spec.key] !== undefined) values[spec.key] = parsed[spec.key];
  return values;
}
