/** What styles a saved model knows, for `remixer styles` and the web app's choice. */
import { scoreBandOf } from '../representation/band-facts.js';
import { STEMS, type Stem } from '../../config.js';
import { readModelFile } from './model-dir.js';
import { SHIPPED_BAND_DIR } from './shipped.js';

export interface ModelStyle {
  name: string;
  /** Training songs of the style, when the model records them. */
  songs: number | null;
  /** Each generated part's level relative to the solo's (RMS ratio) in this style. */
  mix: Partial<Record<Stem, number>>;
}

export interface StyleListing {
  model: string;
  styles: ModelStyle[];
}

export async function modelStyles(dir: string = SHIPPED_BAND_DIR): Promise<StyleListing> {
  const config = await readModelFile(dir);
  const band = scoreBandOf(config);
  if (!band || !band.spec.styles?.length) return { model: dir, styles: [] };
  const { spec, normalisation: n } = band;
  const counts = n.styleSongs ?? {};
  return {
    model: dir,
    styles: (spec.styles ?? []).map((name) => {
      const ratios = n.mix?.byStyle[name] ?? n.mix?.ratios ?? [];
      const mix = Object.fromEntries(STEMS.flatMap((stem, i) => (stem !== config.sourceStem && ratios[i] ? [[stem, ratios[i]!]] : []))) as Partial<Record<Stem, number>>;
      return { name, songs: counts[name] ?? null, mix };
    }),
  };
}
