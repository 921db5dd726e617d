/** General MIDI instruments a musician might pick per stem (0-based program numbers), named from the one General MIDI table. */
import { gmProgramName } from '../score/gm-names';

const named = (programs: number[]): [number, string][] => programs.map((p) => [p, gmProgramName(p)]);

export const INSTRUMENTS: Record<'bass' | 'piano' | 'other', [number, string][]> = {
  bass: named([32, 33, 34, 35, 36, 38, 39, 43]),
  piano: named([0, 1, 4, 5, 6, 16, 24, 26]),
  other: named([48, 49, 52, 56, 61, 65, 73, 80, 81, 89, 24, 26, 27]),
};
