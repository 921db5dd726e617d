/**
 * The corrections of an analysis as options (one table for remix, analyze and the web
 * app's "Play it again"): a whole analysis file, or a tempo, a meter, a first downbeat,
 * a chord chart. Data only, without Node imports, so the page reads it too.
 */
/** How the heard beats may be changed in place: doubled, halved, or moved half a beat. */
export const BEAT_CHANGES = ['double', 'half', 'offbeat'] as const;
export type BeatChange = (typeof BEAT_CHANGES)[number];

/** What a user corrects of the analysis, or gives whole: written once for remix and analyze. */
export const CORRECTION_OPTIONS = [
  { key: 'analysis', flag: '--analysis', type: 'string', placeholder: 'file', help: 'play to this analysis instead of listening: OUT.analysis.json edited by hand or by the web app (its beats, beatsPerBar, downbeats, chords, key)' },
  { key: 'beats', flag: '--beats', type: 'choice', choices: BEAT_CHANGES, placeholder: 'change', help: "the heard beats changed where they are: double (2×, a beat between each two), half (½×, every other, the downbeats kept) or offbeat (half a beat later: the solo was heard on its off-beats); the beats keep the solo's own timing" },
  { key: 'tempo', flag: '--tempo', type: 'number', min: 20, max: 400, placeholder: 'bpm', help: "a steady tempo instead of the heard one (its phase the heard beats')" },
  { key: 'meter', flag: '--meter', type: 'integer', min: 1, max: 16, placeholder: 'beats', help: 'beats per bar instead of the heard meter' },
  { key: 'firstDownbeat', flag: '--first-downbeat', type: 'number', min: 0, placeholder: 's', help: 'the time of the first downbeat (the beat nearest it starts bar 1)' },
  { key: 'chords', flag: '--chords', type: 'string', placeholder: 'chart', help: 'the chords, one per bar from the first downbeat, repeated to the end ("C Am F G7"; | between bars, % repeats a bar, N no chord), or a file holding them' },
] as const;
