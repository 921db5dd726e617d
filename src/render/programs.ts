/**
 * General MIDI programs per stem. Users write them 1-based, as General MIDI lists them
 * (1 = Acoustic Grand Piano, 34 = Electric Bass (pick)); inside Remixer they are 0-based,
 * as MIDI files store them. Drums always play on channel 10 (the standard kit).
 */
import { STEMS, type Stem } from '../config.js';
import { RemixerError } from '../errors.js';

/** The instruments generated parts are played on (0-based): a grand piano, a fingered electric bass, a string ensemble. */
export const DEFAULT_PROGRAMS: Record<Exclude<Stem, 'drums'>, number> = { piano: 0, bass: 33, other: 48 };

/** Parses "bass=34,other=25" (1-based General MIDI numbers) into 0-based programs per stem. */
export function parsePrograms(text: string, flag = '--program'): Partial<Record<Stem, number>> {
  const programs: Partial<Record<Stem, number>> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, value] = item.split('=').map((s) => s.trim());
    if (!name || value === undefined || !(STEMS as readonly string[]).includes(name) || name === 'drums') {
      throw new RemixerError(`${flag} "${item}": expected STEM=PROGRAM with STEM one of ${STEMS.filter((s) => s !== 'drums').join(', ')} (drums always use the standard kit)`);
    }
    const program = Number(value);
    if (!Number.isInteger(program) || program < 1 || program > 128) throw new RemixerError(`${flag} ${name}: "${value}" is not a General MIDI program from 1 to 128`);
    programs[name as Stem] = program - 1;
  }
  return programs;
}
