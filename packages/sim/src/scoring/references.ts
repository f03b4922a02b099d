/**
 * Reference values that map raw smoothness to 0–100. Where they come from is in docs/scoring.md;
 * smoothness.test.ts checks them against scripted expert and novice paths.
 */

/**
 * Log dimensionless jerk scored 100. A minimum-jerk point-to-point movement has
 * LDJ = −ln(720 / 1.875²) ≈ −5.32 (Flash & Hogan 1985; Hogan & Sternad 2009). This project's
 * scripted expert strokes (minimum-jerk, 1–10 s, with or without plunge and lift), measured with
 * this module's filter, lie between −4.9 and −5.7; −6 leaves a little room below them.
 */
export const LDJ_EXPERT = -6;

/**
 * Log dimensionless jerk scored 0: an intermittent stroke made of a dozen minimum-jerk
 * submovements, the construction of Balasubramanian et al. 2012, measures −14.6 here (eight
 * measure −13.3, a stroke wandering ±4 mm off its line −11.4).
 */
export const LDJ_NOVICE = -14;
