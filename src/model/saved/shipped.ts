/**
 * The band model Remixer ships: a score model trained on a corpus of MMA's library
 * (models/band/CARD.md says on what, and what it measured), so that `remixer remix
 * solo.wav --out remix.wav` plays without training anything. Weights in the repository,
 * beside dist/ and src/ in the package.
 */
import { fileURLToPath } from 'node:url';

export const SHIPPED_BAND_DIR = fileURLToPath(new URL('../../../models/band', import.meta.url));

/** What `--model` is when left out, in words. */
export const SHIPPED_BAND_TEXT = 'the band model Remixer ships (models/band)';
