/**
 * The General MIDI program names (level 1), indexed by the 0-based program number: the one
 * table the CLI, the band's MIDI, the server and the web page name instruments from.
 */
export const GM_PROGRAM_NAMES: readonly string[] = [
  // Piano
  'Acoustic grand piano', 'Bright acoustic piano', 'Electric grand piano', 'Honky-tonk piano', 'Electric piano 1', 'Electric piano 2', 'Harpsichord', 'Clavinet',
  // Chromatic percussion
  'Celesta', 'Glockenspiel', 'Music box', 'Vibraphone', 'Marimba', 'Xylophone', 'Tubular bells', 'Dulcimer',
  // Organ
  'Drawbar organ', 'Percussive organ', 'Rock organ', 'Church organ', 'Reed organ', 'Accordion', 'Harmonica', 'Tango accordion',
  // Guitar
  'Nylon guitar', 'Steel guitar', 'Jazz guitar', 'Clean electric guitar', 'Muted electric guitar', 'Overdriven guitar', 'Distortion guitar', 'Guitar harmonics',
  // Bass
  'Acoustic bass', 'Electric bass (finger)', 'Electric bass (pick)', 'Fretless bass', 'Slap bass 1', 'Slap bass 2', 'Synth bass 1', 'Synth bass 2',
  // Strings
  'Violin', 'Viola', 'Cello', 'Contrabass', 'Tremolo strings', 'Pizzicato strings', 'Orchestral harp', 'Timpani',
  // Ensemble
  'String ensemble 1', 'String ensemble 2', 'Synth strings 1', 'Synth strings 2', 'Choir aahs', 'Voice oohs', 'Synth voice', 'Orchestra hit',
  // Brass
  'Trumpet', 'Trombone', 'Tuba', 'Muted trumpet', 'French horn', 'Brass section', 'Synth brass 1', 'Synth brass 2',
  // Reed
  'Soprano sax', 'Alto sax', 'Tenor sax', 'Baritone sax', 'Oboe', 'English horn', 'Bassoon', 'Clarinet',
  // Pipe
  'Piccolo', 'Flute', 'Recorder', 'Pan flute', 'Blown bottle', 'Shakuhachi', 'Whistle', 'Ocarina',
  // Synth lead
  'Square lead', 'Saw lead', 'Calliope lead', 'Chiff lead', 'Charang lead', 'Voice lead', 'Fifths lead', 'Bass and lead',
  // Synth pad
  'New age pad', 'Warm pad', 'Polysynth pad', 'Choir pad', 'Bowed pad', 'Metallic pad', 'Halo pad', 'Sweep pad',
  // Synth effects
  'Rain', 'Soundtrack', 'Crystal', 'Atmosphere', 'Brightness', 'Goblins', 'Echoes', 'Sci-fi',
  // Ethnic
  'Sitar', 'Banjo', 'Shamisen', 'Koto', 'Kalimba', 'Bagpipe', 'Fiddle', 'Shanai',
  // Percussive
  'Tinkle bell', 'Agogo', 'Steel drums', 'Woodblock', 'Taiko drum', 'Melodic tom', 'Synth drum', 'Reverse cymbal',
  // Sound effects
  'Guitar fret noise', 'Breath noise', 'Seashore', 'Bird tweet', 'Telephone ring', 'Helicopter', 'Applause', 'Gunshot',
];

/** The name of 0-based program `program` ("Jazz guitar" for 26); "General MIDI program N" (1-based) outside 0–127. */
export function gmProgramName(program: number): string {
  return GM_PROGRAM_NAMES[program] ?? `General MIDI program ${program + 1}`;
}
