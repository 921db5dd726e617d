/** The folder of an evaluation's pictures, beside report.md. */
export const PICTURES_DIR = 'pictures';
