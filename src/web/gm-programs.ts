/** General MIDI instruments a musician might pick per stem (0-based program numbers, General MIDI names). */
export const INSTRUMENTS: Record<'bass' | 'piano' | 'other', [number, string][]> = {
  bass: [[32, 'Acoustic bass'], [33, 'Electric bass (finger)'], [34, 'Electric bass (pick)'], [35, 'Fretless bass'], [36, 'Slap bass'], [38, 'Synth bass 1'], [39, 'Synth bass 2'], [43, 'Contrabass']],
  piano: [[0, 'Acoustic grand piano'], [1, 'Bright piano'], [4, 'Electric piano 1'], [5, 'Electric piano 2'], [6, 'Harpsichord'], [16, 'Drawbar organ'], [24, 'Nylon guitar'], [26, 'Jazz guitar']],
  other: [[48, 'String ensemble'], [49, 'Slow strings'], [52, 'Choir'], [56, 'Trumpet'], [61, 'Brass section'], [65, 'Alto sax'], [73, 'Flute'], [80, 'Square lead'], [81, 'Saw lead'], [89, 'Warm pad'], [24, 'Nylon guitar'], [27, 'Clean guitar']],
};
