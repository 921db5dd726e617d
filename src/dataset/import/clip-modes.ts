/** How an import of MIDI songs cuts them: clips over each song's whole length, or its first clip only. */
export const CLIP_MODES = ['whole', 'first'] as const;
export type ClipMode = (typeof CLIP_MODES)[number];
